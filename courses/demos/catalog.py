"""Every demo the lessons can embed, with its parameter spec (see registry.py)."""

from courses.demos.registry import Demo, Param, register

_WEIGHT = {"minimum": -10.0, "maximum": 10.0}

SIGMOID_GRID = register(
    Demo(
        slug="sigmoid-grid",
        title_ja="シグモイドのグリッド（2-2-1 ネットワーク）",
        title_en="Sigmoid grid (2-2-1 network)",
        module="demos/sigmoid_grid.js",
        params=(
            Param("w_im", "floats", [4.0, 4.0, 4.0, 4.0], length=4, **_WEIGHT),
            Param("b_im", "floats", [3.0, -3.0], length=2, **_WEIGHT),
            Param("w_mo", "floats", [1.0, -1.0], length=2, **_WEIGHT),
            Param("b_mo", "floats", [0.1], length=1, **_WEIGHT),
            Param("start", "float", -1.0, minimum=-100.0, maximum=100.0),
            Param("stop", "float", 1.0, minimum=-100.0, maximum=100.0),
            Param("step", "float", 0.2, minimum=0.001, maximum=100.0),
            Param("cmap", "choice", "gray", choices=("gray", "viridis", "magma", "coolwarm", "jet")),
            Param("vmin", "float", 0.0, minimum=-100.0, maximum=100.0),
            Param("vmax", "float", 1.0, minimum=-100.0, maximum=100.0),
        ),
    )
)

TF_GRAPH = register(
    Demo(
        slug="tf-graph",
        title_ja="TensorFlow 計算グラフのステップ実行",
        title_en="TensorFlow computation graph, step by step",
        module="demos/tf_graph.js",
        params=(
            Param("a", "int", 3, minimum=-1_000_000, maximum=1_000_000),
            Param("b", "int", 0, minimum=-1_000_000, maximum=1_000_000),
            Param("c", "int", 3, minimum=-1_000_000, maximum=1_000_000),
            Param("steps", "int", 3, minimum=1, maximum=20),
        ),
    )
)
