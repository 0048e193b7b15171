"""The studio pages' own words in Japanese and English (tool labels live in tools.py).

Kept here rather than in the shared .po catalogues so the studio ships as one piece; the pages
and the front end (through the page's JSON config) read the same dictionary.
"""

from __future__ import annotations

TEXT: dict[str, tuple[str, str]] = {
    # key: (ja, en)
    "studio": ("生成スタジオ", "Generation studio"),
    "intro": (
        "Magenta Studio の5つのツールと Melody RNN を、ブラウザから試せます。ツールを選び、"
        "つまみを合わせて「生成」を押すと、数秒でピアノロールと音が返ってきます。",
        "Try Magenta Studio's five tools and Melody RNN in the browser. Pick a tool, set its "
        "controls and press Generate: piano rolls and audio come back within seconds.",
    ),
    "workflow": (
        "授業の流れ:Melody RNN でメロディを作る → Drumify に送ってドラムを付ける → "
        "2つを1つのMIDIにまとめてダウンロード。",
        "The lesson's workflow: make a melody with Melody RNN → send it to Drumify for a drum "
        "part → download both as one MIDI file.",
    ),
    "tools": ("ツール", "Tools"),
    "model": ("モデル", "Model"),
    "unavailable": ("モデル準備中", "Model not yet available"),
    "examples": ("サンプルのクリップ", "Example clips"),
    "examples_help": (
        "このプロジェクトで作った短いクリップです。ダウンロードするか、ツールの入力に選べます。",
        "Short clips made by this project. Download them, or pick them as a tool's input.",
    ),
    "kind_melody": ("メロディ・ベース・コード", "melodic"),
    "kind_drums": ("ドラム", "drums"),
    "recent": ("最近の生成", "Your recent generations"),
    "no_recent": ("まだありません。", "None yet."),
    "settings": ("設定", "Settings"),
    "source_example": ("サンプル", "Example"),
    "source_upload": ("MIDIファイル", "MIDI file"),
    "source_job": ("前の出力", "Earlier output"),
    "source_draw": ("自分で打ち込む", "Draw it"),
    "source_none": ("使わない", "None"),
    "generate": ("生成", "Generate"),
    "generating": ("生成中…", "Generating…"),
    "queued": ("順番待ち", "Waiting in line"),
    "ahead": ("前に {n} 件", "{n} ahead of yours"),
    "running": ("モデルが作曲中", "The model is composing"),
    "done": ("できました", "Done"),
    "failed": ("失敗しました", "Failed"),
    "results": ("結果", "Results"),
    "variation": ("バリエーション {n}", "Variation {n}"),
    "notes": ("{n} 音", "{n} notes"),
    "download_midi": ("MIDI", "MIDI"),
    "download_zip": ("すべて (zip)", "All (zip)"),
    "send_to": ("送る:", "Send to:"),
    "pick_merge": ("まとめる候補に", "Pick to merge"),
    "merge": ("選んだパートを1つのMIDIに", "Merge picked parts into one MIDI"),
    "merge_with_input": ("入力と1つのMIDIに", "With the input, as one MIDI"),
    "merge_help": (
        "メロディとドラムなど、2〜4個のパートを選ぶと1つのマルチトラックMIDIにまとめられます。",
        "Pick 2 to 4 parts (a melody and drums, say) to download them as one multi-track MIDI.",
    ),
    "no_audio": (
        "音声はありません(MIDIをダウンロードしてください)",
        "No audio (download the MIDI)",
    ),
    "notices": ("お知らせ", "Notices"),
    "editor_help": (
        "マスをクリックして音を置きます(16分音符ごと、2小節)。",
        "Click cells to place notes (one column per 16th, 2 bars).",
    ),
    "clear": ("消す", "Clear"),
    "back": ("スタジオに戻る", "Back to the studio"),
    "timing": ("{s} 秒", "{s} s"),
    "needs_js": (
        "このスタジオには JavaScript が必要です。",
        "The studio needs JavaScript.",
    ),
}

# Labels for Magenta's nine drum classes, in inference.music.DRUM_CLASSES order.
DRUM_LABELS: dict[str, tuple[str, str]] = {
    "kick": ("バスドラム", "Kick"),
    "snare": ("スネア", "Snare"),
    "closed_hihat": ("クローズド・ハイハット", "Closed hi-hat"),
    "open_hihat": ("オープン・ハイハット", "Open hi-hat"),
    "low_tom": ("ロータム", "Low tom"),
    "mid_tom": ("ミッドタム", "Mid tom"),
    "high_tom": ("ハイタム", "High tom"),
    "crash": ("クラッシュ", "Crash"),
    "ride": ("ライド", "Ride"),
}


def drum_rows(lang: str) -> list[dict]:
    """The 9 named piano-roll rows for drums, top to bottom (cymbals up, kick at the bottom)."""
    from inference.music import DRUM_CLASSES

    index = 1 if lang == "en" else 0
    rows = [
        {"name": name, "label": DRUM_LABELS[name][index], "pitches": list(pitches)}
        for name, pitches in DRUM_CLASSES
    ]
    return list(reversed(rows))


def ui_text(lang: str) -> dict[str, str]:
    index = 1 if lang == "en" else 0
    return {key: pair[index] for key, pair in TEXT.items()}
