"""Every demo the lessons can embed, with its parameter spec (see registry.py).

The bounds here are the only copy: the admin checks lesson presets against them, the JSON APIs
check query parameters against them, and the ES modules read them from the page (``data-spec``,
see ``Demo.as_json``) for their inputs, with each demo's ``limits`` (the most points per axis).
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from demos import sigmoid_grid
from demos.registry import Demo, Param, PresetError, register

_WEIGHT = {"minimum": -10.0, "maximum": 10.0, "step": 0.1}
_RANGE = {"minimum": -100.0, "maximum": 100.0, "step": 0.1}
_STEP = {"minimum": 0.001, "maximum": 100.0}  # step "any": 0.001 and 0.25 alike
COLORMAPS = ("gray", "viridis", "magma", "coolwarm", "jet")

# Shapes such as "10,10" or "2, 3, 4": one to four whole numbers from 1 to 10 (the zeros demo's
# limits, which its page reads from the spec too).
ZEROS_MAX_DIMS, ZEROS_MAX_SIZE = 4, 10
_SIZE = "|".join(str(size) for size in range(ZEROS_MAX_SIZE, 0, -1))  # "10|9|...|1"
_SHAPE_PATTERN = rf"\s*({_SIZE})(\s*,\s*({_SIZE})){{0,{ZEROS_MAX_DIMS - 1}}}\s*"
# Matrices such as "0,1,2;1,2,3": rows separated by ";", entries by ",".
_NUMBER = r"\s*-?(\d+(\.\d*)?|\.\d+)\s*"
_MATRIX_PATTERN = rf"{_NUMBER}(,{_NUMBER})*(;{_NUMBER}(,{_NUMBER})*)*"


def check_sigmoid_grid(values: dict) -> None:
    """The grid must be drawable: a non-empty np.arange of at most MAX_POINTS_PER_AXIS points
    per axis, and a colour range that is not empty."""
    count = sigmoid_grid.arange_length(values["start"], values["stop"], values["step"])
    if count < 1:
        raise PresetError.worded(
            _(
                "“stop” must be greater than “start”: otherwise np.arange(start, stop, step) is empty."
            )
        )
    if count > sigmoid_grid.MAX_POINTS_PER_AXIS:
        raise PresetError.worded(
            _(
                "With this “step” each axis has %(count)s points; at most %(max)s fit. "
                "Use a larger step or a shorter range."
            )
            % {"count": count, "max": sigmoid_grid.MAX_POINTS_PER_AXIS}
        )
    if values["vmin"] >= values["vmax"]:
        raise PresetError.worded(_("“vmin” must be less than “vmax”."))


SIGMOID_GRID = register(
    Demo(
        slug="sigmoid-grid",
        title_en=gettext_noop("Sigmoid grid (2-2-1 network)"),
        module="demos/sigmoid_grid.js",
        params=(
            Param("w_im", "floats", [4.0, 4.0, 4.0, 4.0], length=4, **_WEIGHT),
            Param("b_im", "floats", [3.0, -3.0], length=2, **_WEIGHT),
            Param("w_mo", "floats", [1.0, -1.0], length=2, **_WEIGHT),
            Param("b_mo", "floats", [0.1], length=1, **_WEIGHT),
            Param("start", "float", -1.0, **_RANGE),
            Param("stop", "float", 1.0, **_RANGE),
            Param("step", "float", 0.2, **_STEP),
            Param("cmap", "choice", "gray", choices=COLORMAPS),
            Param("vmin", "float", 0.0, **_RANGE),
            Param("vmax", "float", 1.0, **_RANGE),
        ),
        check=check_sigmoid_grid,
        limits=(("max_points_per_axis", sigmoid_grid.MAX_POINTS_PER_AXIS),),
    )
)

TF_GRAPH = register(
    Demo(
        slug="tf-graph",
        title_en=gettext_noop("TensorFlow computation graph, step by step"),
        module="demos/tf_graph.js",
        params=(
            Param("a", "int", 3, minimum=-1_000_000, maximum=1_000_000),
            Param("b", "int", 0, minimum=-1_000_000, maximum=1_000_000),
            Param("c", "int", 3, minimum=-1_000_000, maximum=1_000_000),
            Param("steps", "int", 3, minimum=1, maximum=20),
        ),
    )
)

SIGMOID_CURVE = register(
    Demo(
        slug="sigmoid-curve",
        title_en=gettext_noop("The sigmoid function"),
        module="demos/sigmoid_curve.js",
        params=(Param("u", "float", 0.0, **_WEIGHT),),
    )
)

REGRESSION = register(
    Demo(
        slug="regression",
        title_en=gettext_noop("Simple linear regression (advertising and visitors)"),
        module="demos/regression.js",
        params=(
            Param("b1", "float", 0.02, minimum=-0.2, maximum=0.2, step=0.0005),
            Param("b0", "float", 4000.0, minimum=-10_000.0, maximum=10_000.0, step=10),
        ),
    )
)

ARANGE = register(
    Demo(
        slug="arange",
        title_en=gettext_noop("Exploring np.arange"),
        module="demos/arange.js",
        params=(
            Param("start", "float", -1.0, **_RANGE),
            Param("stop", "float", 1.0, **_RANGE),
            Param("step", "float", 0.2, **_STEP),
        ),
        # The widget draws at most as many points as the grid has per axis.
        limits=(("max_points_per_axis", sigmoid_grid.MAX_POINTS_PER_AXIS),),
    )
)

ZEROS = register(
    Demo(
        slug="zeros",
        title_en=gettext_noop("Building arrays with np.zeros"),
        module="demos/zeros.js",
        params=(
            Param(
                "shape",
                "str",
                "10,10",
                pattern=_SHAPE_PATTERN,
                pattern_hint=gettext_lazy('"10,10" (1 to 4 sizes, each 1-10)'),
            ),
            Param("dtype", "choice", "float64", choices=("float64", "float32", "int64")),
            Param("order", "choice", "C", choices=("C", "F")),
        ),
        limits=(("max_dims", ZEROS_MAX_DIMS), ("max_size", ZEROS_MAX_SIZE)),
    )
)

RESHAPE = register(
    Demo(
        slug="reshape",
        title_en=gettext_noop("Changing a tensor's shape with reshape"),
        module="demos/reshape.js",
        params=(
            Param("shape", "choice", "4,6", choices=("24", "4,6", "2,3,4", "2,2,3,2")),
            # The number whose place (b[i][j]...) the widget shows.
            Param("pick", "int", 15, minimum=1, maximum=24),
        ),
    )
)

MATMUL = register(
    Demo(
        slug="matmul",
        title_en=gettext_noop("Matrix product, one cell at a time"),
        module="demos/matmul.js",
        params=(
            Param("a", "str", "0,1,2;1,2,3", pattern=_MATRIX_PATTERN, pattern_hint='"0,1,2;1,2,3"'),
            Param("b", "str", "2,1;2,1;2,1", pattern=_MATRIX_PATTERN, pattern_hint='"2,1;2,1;2,1"'),
        ),
    )
)

COLORMAP = register(
    Demo(
        slug="colormap",
        title_en=gettext_noop("Choosing a colormap"),
        module="demos/colormap.js",
        params=(
            Param("cmap", "choice", "viridis", choices=COLORMAPS),
            Param("vmin", "float", 0.0, **_RANGE),
            Param("vmax", "float", 1.0, **_RANGE),
        ),
        # It draws the sigmoid grid (at the lesson's weights and range).
        limits=(("max_points_per_axis", sigmoid_grid.MAX_POINTS_PER_AXIS),),
    )
)
