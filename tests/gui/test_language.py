"""The Korean interface: a complete catalogue the bundled font can draw, and a window that speaks it."""
from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest

from gui.language import TRANSLATIONS, chosen_language, install_language, restart_arguments
from tests.gui.test_main_window import make_window, wait_slow_paint

TS = TRANSLATIONS / "descent_lab_ko.ts"
FONT = Path(__file__).resolve().parents[2] / "resources" / "fonts" / "NotoSansCJKkr-Hangul-subset.otf"
FIELD = re.compile(r"\{[^{}]*\}")


def messages():
    for context in ElementTree.parse(TS).getroot().iter("context"):
        for message in context.iter("message"):
            yield context.findtext("name"), message.findtext("source"), message.find("translation")


@pytest.fixture
def korean(qapp):
    assert install_language(qapp, "ko") == "ko"
    qapp._descent_lab_language = "ko"
    yield qapp
    install_language(qapp, "en")
    qapp._descent_lab_language = "en"


def test_every_text_of_the_source_has_a_korean_translation(tmp_path):
    """lupdate over gui/ and engine/ as the build does: a new tr() or translate() without its
    Korean fails here, naming the text."""
    from resources.translations import build

    fresh = build.update(TS, tmp_path / TS.name)
    assert build.unfinished(fresh) == []
    assert len(list(messages())) > 250


def test_translations_keep_every_field_and_the_shipped_qm_is_built_from_the_ts(tmp_path):
    from resources.translations import build

    for context, source, translation in messages():
        text = translation.text or ""
        assert sorted(FIELD.findall(source)) == sorted(FIELD.findall(text)), (context, source, text)
        assert source[:1].isspace() == text[:1].isspace() and source[-1:].isspace() == text[-1:].isspace(), source
        if "&" in source.replace("&&", ""):
            assert "&" in text, (source, text)  # the menu's mnemonic survives
    copy = tmp_path / TS.name
    copy.write_bytes(TS.read_bytes())
    assert build.compile_qm(copy).read_bytes() == TS.with_suffix(".qm").read_bytes(), \
        "descent_lab_ko.qm is stale: run python resources/translations/build.py"


def test_the_bundled_font_draws_every_character_of_the_translation(qapp):
    from PySide6.QtGui import QRawFont

    font = QRawFont(str(FONT), 12)
    assert font.isValid()
    # what the translation brings; symbols it shares with the English (ŷ, ○) are the interface font's, as in English
    english = {ch for _, source, _ in messages() for ch in source}
    used = {ch for _, _, translation in messages() for ch in (translation.text or "")} - english
    assert sum("\uac00" <= ch <= "\ud7a3" for ch in used) > 300
    missing = sorted(ch for ch in used if not font.supportsCharacter(ord(ch)))
    assert missing == [], f"not in {FONT.name}: {''.join(missing)}"


def test_the_language_comes_from_the_command_line_then_the_saved_choice_then_the_system(monkeypatch):
    import gui.language as language

    monkeypatch.setattr(language, "saved_language", lambda: None)
    monkeypatch.setattr(language, "system_language", lambda: "ko")
    assert chosen_language(None) == "ko" and chosen_language("en") == "en"
    monkeypatch.setattr(language, "saved_language", lambda: "en")
    assert chosen_language(None) == "en" and chosen_language("ko") == "ko"
    assert restart_arguments(["main.py", "--lang", "ko", "a.csv", "--lang=en"]) == ["main.py", "a.csv"]


def test_engine_sentences_are_shown_in_korean_with_their_values(korean):
    from engine.data import PRESET_INFO
    from engine.words import translate
    from gui.words import shown

    error = translate("Data", "{column} has an infinite value in row {row}: change or delete that point.")
    error = error.format(column="x1", row=7)
    assert str(error) == "x1 has an infinite value in row 7: change or delete that point."  # the CLI's
    assert shown(error) == "x1의 7번째 행에 무한대 값이 있습니다: 그 점을 고치거나 지우세요."
    assert shown(PRESET_INFO["iris"]) == "붓꽃 150송이, 꽃잎과 꽃받침 크기 4개, 품종 3개."
    assert shown("plain text") == "plain text" and shown(None) == ""


def test_a_korean_window_speaks_korean_in_menus_tooltips_and_the_race(qtbot, korean):
    win = make_window(qtbot, "wine")
    titles = [action.text() for action in win.menuBar().actions()]
    assert titles == ["파일(&F)", "편집(&E)", "데이터(&D)", "경주(&R)", "보기(&V)", "도움말(&H)"]
    assert win.play_action.text() == "재생" and win.undo_action.text() == "실행 취소"
    index = win.preset_combo.findData("wine")
    from PySide6.QtCore import Qt

    assert win.preset_combo.itemData(index, Qt.ToolTipRole).startswith("이탈리아 와인 178개")
    wait_slow_paint(qtbot, win, lambda w: w.race_panel._rows and w.race_panel._rows[0].status.text() == "일시 정지")
    assert win.docks["surface"].windowTitle() == "손실 지형"
    win.close()


def test_the_pytorch_script_is_commented_in_korean_and_prints_the_same(qapp):
    """The window's script speaks the interface's language in its comments, never in its code: with
    the comments and the docstring gone, the Korean script is the English one (which
    tests/engine/test_script_export.py runs against the engine)."""
    import ast

    from engine import cli
    from engine.script_export import pytorch_script
    from gui.language import install_language
    from gui.words import shown

    args = cli.build_parser().parse_args(["export-script", "--preset", "line-30", "--opt", "sgd:lr=0.001,batch=4",
                                          "--steps", "12"])
    state = cli.state_of(args)
    try:
        install_language(qapp, "ko")
        korean = pytorch_script(state, shown)
    finally:
        install_language(qapp, "en")
    english = pytorch_script(state)
    assert "모든 주자는 같은 점에서 출발" in korean and "에폭 한 번" in korean and "every run starts" in english

    def code(text: str) -> str:
        tree = ast.parse(text)
        tree.body = tree.body[1:]  # the docstring
        return ast.dump(tree)

    assert code(korean) == code(english)
