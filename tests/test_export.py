"""GGUF export of the tiny Llama: f16 / q8_0 / q4_k_m load in llama.cpp, agree with transformers, answer."""
import pytest

from common import export
from common.families import LLAMA
from common.templates import LLAMA3_OLLAMA_TEMPLATE

PROMPT = [{"role": "system", "content": "당신은 한국 민법 전문가입니다."},
          {"role": "user", "content": "전세 보증금을 돌려받지 못했어요. 어떻게 하나요?"}]


@pytest.fixture(scope="module")
def ggufs(tiny_llama, tmp_path_factory):
    return export.convert_to_gguf(tiny_llama, tmp_path_factory.mktemp("gguf"), ["f16", "q8_0", "q4_k_m"])


@pytest.fixture(scope="module")
def tokenizer(tiny_llama):
    from transformers import AutoTokenizer
    return AutoTokenizer.from_pretrained(tiny_llama)


def test_all_requested_types_are_written_and_nothing_else(ggufs):
    assert sorted(ggufs) == ["f16", "q4_k_m", "q8_0"]
    assert sorted(p.name for p in next(iter(ggufs.values())).parent.iterdir()) == [
        "model.F16.gguf", "model.Q4_K_M.gguf", "model.Q8_0.gguf"]


def test_metadata_carries_the_training_template_and_real_k_quants(ggufs):
    for gguf_type, path in ggufs.items():
        meta = export.gguf_metadata(path)
        assert meta["chat_template"] == LLAMA.chat_template, gguf_type
        assert meta["tokenizer_model"] == "llama"
    assert meta_types(ggufs["q4_k_m"]).get("Q4_K", 0) >= 10  # hidden 256: no fallback to q5_0/q8_0
    assert meta_types(ggufs["q8_0"]).get("Q8_0", 0) >= 10


def meta_types(path):
    return export.gguf_metadata(path)["tensor_types"]


@pytest.mark.parametrize("gguf_type", ["f16", "q8_0", "q4_k_m"])
def test_llama_cpp_loads_agrees_and_answers(ggufs, tiny_llama, tokenizer, gguf_type):
    prompt = tokenizer.apply_chat_template(PROMPT, tokenize=False, add_generation_prompt=True)
    result = export.verify_gguf(ggufs[gguf_type], gguf_type, tiny_llama, tokenizer, [prompt], ["<|eot_id|>"])
    assert result["tokenization_matches_hf"]
    assert result["answers_nonempty"] and result["samples"][0]["answer_tokens"] > 0
    assert result["min_cosine"] >= export.COSINE_FLOOR[gguf_type]
    assert result["passed"]
    if gguf_type == "f16":
        assert result["samples"][0]["max_abs_logit_diff"] < 0.05


def test_verification_fails_when_the_model_differs(ggufs, tmp_path, tokenizer, civil_rows):
    """The logit comparison is not vacuous: the same architecture and tokenizer with other weights fails it."""
    from common.tiny import build_tiny_model
    texts = [r["question"] for r in civil_rows] + [r["answer"] for r in civil_rows]  # as the fixture: same vocab
    other = build_tiny_model("llama", texts, tmp_path / "other", seed=1)
    prompt = tokenizer.apply_chat_template(PROMPT, tokenize=False, add_generation_prompt=True)
    result = export.verify_gguf(ggufs["q8_0"], "q8_0", other, tokenizer, [prompt], ["<|eot_id|>"])
    assert result["tokenization_matches_hf"]
    assert not result["passed"]


def test_modelfile_lists_every_stop_token(tmp_path):
    path = export.write_modelfile(tmp_path / "model.Q8_0.gguf", tmp_path / "Modelfile", LLAMA3_OLLAMA_TEMPLATE,
                                  ["<|eot_id|>", "<|end_of_text|>"], "시스템")
    text = path.read_text()
    assert text.startswith("FROM ./model.Q8_0.gguf\n")
    assert 'PARAMETER stop "<|eot_id|>"' in text and 'PARAMETER stop "<|end_of_text|>"' in text
    assert 'SYSTEM """시스템"""' in text


def test_missing_toolchain_is_a_clear_error(monkeypatch, tmp_path):
    monkeypatch.setenv("LLAMA_CPP_CONVERTER_DIR", str(tmp_path))
    with pytest.raises(export.ToolchainMissing, match="scripts/setup.sh"):
        export.check_toolchain()


def test_unknown_gguf_type_is_refused(tiny_llama, tmp_path):
    from common.errors import UserError
    with pytest.raises(UserError, match=r"--gguf: unsupported type\(s\) \['q3_weird'\]"):
        export.convert_to_gguf(tiny_llama, tmp_path, ["q3_weird"])
