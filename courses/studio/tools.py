"""The studio's tools: Magenta Studio's five (Generate, Continue, Interpolate, Groove, Drumify)
and Melody RNN, with the same controls and ranges as Magenta Studio and issue #6.

This module is the single source of truth for fields, ranges, defaults and the Japanese/English
labels and help: the validation (``forms.py``), the pages and the front end (``tools_json``) all
read it. It imports nothing heavy, so pages may import it freely.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Text:
    """A Japanese/English pair."""

    ja: str
    en: str

    def get(self, lang: str) -> str:
        return self.en if lang == "en" else self.ja


@dataclass(frozen=True)
class NumberField:
    name: str
    label: Text
    help: Text
    minimum: float
    maximum: float
    default: float | None
    step: float = 1
    integer: bool = True
    required: bool = True  # False: may be left out (seed)

    def as_json(self, lang: str) -> dict:
        return {
            "name": self.name,
            "widget": "number",
            "label": self.label.get(lang),
            "help": self.help.get(lang),
            "min": self.minimum,
            "max": self.maximum,
            "step": self.step,
            "default": self.default,
            "integer": self.integer,
            "required": self.required,
        }


@dataclass(frozen=True)
class ChoiceField:
    name: str
    label: Text
    help: Text
    choices: tuple[tuple[str, Text], ...]
    default: str

    def as_json(self, lang: str) -> dict:
        return {
            "name": self.name,
            "widget": "choice",
            "label": self.label.get(lang),
            "help": self.help.get(lang),
            "choices": [[value, text.get(lang)] for value, text in self.choices],
            "default": self.default,
        }


@dataclass(frozen=True)
class TextField:
    name: str
    label: Text
    help: Text
    default: str
    max_length: int = 2000

    def as_json(self, lang: str) -> dict:
        return {
            "name": self.name,
            "widget": "text",
            "label": self.label.get(lang),
            "help": self.help.get(lang),
            "default": self.default,
            "maxlength": self.max_length,
        }


@dataclass(frozen=True)
class InputSlot:
    """A MIDI input: an upload, an example clip, or an earlier job's output ("send to")."""

    name: str  # input | input_a | input_b
    label: Text
    help: Text
    kind: str  # melody | drums | type (follows the "type" field) | any
    required: bool = True
    max_bars: int | None = None

    def as_json(self, lang: str) -> dict:
        return {
            "name": self.name,
            "label": self.label.get(lang),
            "help": self.help.get(lang),
            "kind": self.kind,
            "required": self.required,
            "max_bars": self.max_bars,
        }


@dataclass(frozen=True)
class Tool:
    slug: str
    title: Text
    summary: Text
    model: Text  # which model answers, for the page
    fields: tuple[NumberField | ChoiceField | TextField, ...]
    inputs: tuple[InputSlot, ...] = field(default=())
    output_kind: str = "type"  # melody | drums | type

    def field(self, name: str):
        return next((f for f in self.fields if f.name == name), None)

    def as_json(self, lang: str) -> dict:
        return {
            "slug": self.slug,
            "title": self.title.get(lang),
            "summary": self.summary.get(lang),
            "model": self.model.get(lang),
            "fields": [f.as_json(lang) for f in self.fields],
            "inputs": [slot.as_json(lang) for slot in self.inputs],
            "output_kind": self.output_kind,
        }


SEED_MAX = 2**31 - 1

TYPE = ChoiceField(
    "type",
    Text("種類", "Type"),
    Text("ドラムかメロディか。", "Drums or a melody."),
    (("melody", Text("メロディ", "Melody")), ("drums", Text("ドラム", "Drums"))),
    "melody",
)


def temperature() -> NumberField:
    return NumberField(
        "temperature",
        Text("温度 (temperature)", "Temperature"),
        Text(
            "低いほど無難で予測しやすく、高いほど意外で乱雑になります。",
            "Lower is safer and more predictable; higher is more surprising and more random.",
        ),
        0.0,
        2.0,
        1.0,
        step=0.1,
        integer=False,
    )


SEED = NumberField(
    "seed",
    Text("シード", "Seed"),
    Text(
        "同じシードと設定なら同じ結果になります。空欄なら毎回ちがう結果です。",
        "The same seed and settings give the same result. Leave empty for a new result each time.",
    ),
    0,
    SEED_MAX,
    None,
    required=False,
)


def variations(maximum: int, default: int) -> NumberField:
    return NumberField(
        "variations",
        Text("バリエーション数", "Variations"),
        Text("一度に作るクリップの数。", "How many clips to make at once."),
        1,
        maximum,
        default,
    )


TOOLS: dict[str, Tool] = {}


def _register(tool: Tool) -> None:
    TOOLS[tool.slug] = tool


_register(
    Tool(
        "generate",
        Text("Generate(4小節を生成)", "Generate 4 bars"),
        Text(
            "何もないところから4小節のドラムかメロディを作ります。",
            "Makes 4-bar drum or melody clips from scratch.",
        ),
        Text("MusicVAE(潜在空間からのサンプル)", "MusicVAE (a sample from the latent space)"),
        (TYPE, variations(16, 8), temperature(), SEED),
    )
)

_register(
    Tool(
        "continue",
        Text("Continue(続きを作る)", "Continue"),
        Text(
            "入力したクリップの続きを作ります。",
            "Extends the clip you give it.",
        ),
        Text("Melody RNN / Drums RNN", "Melody RNN / Drums RNN"),
        (
            TYPE,
            variations(8, 4),
            NumberField(
                "length",
                Text("長さ(小節)", "Length (bars)"),
                Text("続きとして作る小節数。", "How many bars to add."),
                1,
                32,
                2,
            ),
            temperature(),
            SEED,
        ),
        (
            InputSlot(
                "input",
                Text("入力クリップ", "Input clip"),
                Text("続きを作る元のクリップ。", "The clip to continue."),
                "type",
            ),
        ),
    )
)

_register(
    Tool(
        "interpolate",
        Text("Interpolate(2つをなめらかにつなぐ)", "Interpolate"),
        Text(
            "クリップAからクリップBへ少しずつ変わるクリップを作ります。",
            "Makes clips that change step by step from clip A into clip B.",
        ),
        Text("MusicVAE(潜在空間の補間)", "MusicVAE (interpolation in the latent space)"),
        (
            TYPE,
            NumberField(
                "steps",
                Text("ステップ数", "Steps"),
                Text("AからBまでに作るクリップの数。", "How many clips to make from A to B."),
                1,
                16,
                3,
            ),
            temperature(),
            SEED,
        ),
        (
            InputSlot(
                "input_a",
                Text("クリップA", "Clip A"),
                Text("出発点(4小節まで)。", "The start (up to 4 bars)."),
                "type",
                max_bars=4,
            ),
            InputSlot(
                "input_b",
                Text("クリップB", "Clip B"),
                Text("到着点(4小節まで)。", "The end (up to 4 bars)."),
                "type",
                max_bars=4,
            ),
        ),
    )
)

_register(
    Tool(
        "groove",
        Text("Groove(人間らしいノリ)", "Groove"),
        Text(
            "きっちり打ち込んだドラムに、人間のドラマーのような強弱と細かなタイミングのずれを加えます。",
            "Gives a strictly quantized drum clip the dynamics and timing of a human drummer.",
        ),
        Text("GrooVAE", "GrooVAE"),
        (temperature(), SEED),
        (
            InputSlot(
                "input",
                Text("ドラムのクリップ", "Drum clip"),
                Text("ノリを加えるドラム。", "The drums to humanize."),
                "drums",
            ),
        ),
        output_kind="drums",
    )
)

_register(
    Tool(
        "drumify",
        Text("Drumify(リズムからドラムを作る)", "Drumify"),
        Text(
            "どんなクリップでも、そのリズムに合うドラムパートを作ります。",
            "Makes a drum part that follows the rhythm of any clip.",
        ),
        Text("Tap2Drum(GrooVAE)", "Tap2Drum (GrooVAE)"),
        (temperature(), SEED),
        (
            InputSlot(
                "input",
                Text("入力クリップ", "Input clip"),
                Text(
                    "メロディ、ベース、コード、ドラムのどれでも。音の出だしがリズムになります。",
                    "A melody, bass line, chords or drums: its note onsets set the rhythm.",
                ),
                "any",
            ),
        ),
        output_kind="drums",
    )
)

_register(
    Tool(
        "melody-rnn",
        Text("Melody RNN(attention_rnn)", "Melody RNN (attention_rnn)"),
        Text(
            "授業のコマンド melody_rnn_generate と同じ設定でメロディを作ります。",
            "Makes melodies with the same settings as the lesson's melody_rnn_generate command.",
        ),
        Text("Melody RNN attention_rnn", "Melody RNN attention_rnn"),
        (
            TextField(
                "primer_melody",
                Text("プライマー (primer_melody)", "Primer melody"),
                Text(
                    "[60] は中央のドで始めるという意味。-2 は「何もしない」、-1 は「音を止める」です。",
                    "[60] starts on middle C. -2 means no event, -1 means note off.",
                ),
                "[60]",
            ),
            NumberField(
                "num_outputs",
                Text("出力数 (num_outputs)", "Outputs (num_outputs)"),
                Text("作るメロディの数。", "How many melodies to make."),
                1,
                10,
                5,
            ),
            NumberField(
                "num_steps",
                Text("ステップ数 (num_steps)", "Steps (num_steps)"),
                Text(
                    "プライマーを含む長さ。16ステップで1小節です。",
                    "Length including the primer. 16 steps make one bar.",
                ),
                16,
                512,
                128,
            ),
            temperature(),
            NumberField(
                "qpm",
                Text("テンポ (qpm)", "Tempo (qpm)"),
                Text("1分あたりの四分音符の数。", "Quarter notes per minute."),
                20,
                300,
                120,
            ),
            SEED,
        ),
        (
            InputSlot(
                "input",
                Text("プライマーMIDI (primer_midi)", "Primer MIDI (primer_midi)"),
                Text(
                    "プライマーをMIDIで与えるときに使います(primer_melody の代わり)。",
                    "Give the primer as MIDI instead of primer_melody.",
                ),
                "melody",
                required=False,
            ),
        ),
        output_kind="melody",
    )
)


def get_tool(slug: str) -> Tool | None:
    return TOOLS.get(slug)


def tools_json(lang: str) -> list[dict]:
    return [tool.as_json(lang) for tool in TOOLS.values()]
