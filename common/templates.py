"""Chat templates, one per model family, used for training, evaluation, inference and export alike.

The Llama-3.x template is Meta's, with one change: it writes "Today Date: <date>" into every system header and takes
the date from the wall clock (strftime_now). A model trained on one date and served on another sees a different
prompt, so we pin `date_string` at the top and the exported GGUF/Modelfile carry the same fixed date."""
from __future__ import annotations

from pathlib import Path


def _read(name: str) -> str:
    """The vendors' Jinja templates are kept verbatim as files in chat_templates/ (byte-exact: the GGUF embeds them)."""
    return (Path(__file__).parent / "chat_templates" / name).read_text(encoding="utf-8")


LLAMA3_FIXED_DATE = "26 Jul 2024"

LLAMA3_TEMPLATE = '{%- set date_string = "' + LLAMA3_FIXED_DATE + '" %}\n' + _read("llama3.jinja")

# Ollama speaks Go templates, not Jinja. This is the same prompt as LLAMA3_TEMPLATE for the
# system/user/assistant turns our trainers produce; tests render both and compare the strings.
LLAMA3_OLLAMA_TEMPLATE = (
    "<|start_header_id|>system<|end_header_id|>\n\n"
    "Cutting Knowledge Date: December 2023\n"
    "Today Date: " + LLAMA3_FIXED_DATE + "\n\n"
    "{{ if .System }}{{ .System }}{{ end }}<|eot_id|>"
    "{{ range .Messages }}{{ if ne .Role \"system\" }}"
    "<|start_header_id|>{{ .Role }}<|end_header_id|>\n\n{{ .Content }}<|eot_id|>"
    "{{ end }}{{ end }}"
    "<|start_header_id|>assistant<|end_header_id|>\n\n")


# Mistral-7B-Instruct-v0.3's own template (tokenizer v3). It writes the system message only into the
# LAST user turn, so a training row [system, user, assistant] silently loses its system prompt while
# inference [system, user] keeps it. Our trainers put the instruction inside the user message instead.
MISTRAL_V3_TEMPLATE = _read("mistral_v3.jinja")

# Ollama's form of the same prompt. It must name .Messages: a template with only .Prompt (the former
# "[INST] {{ .Prompt }}[/INST]") makes Ollama render turn by turn, which dropped the Modelfile's SYSTEM and
# wrote earlier answers without their " " and "</s>". Like the Jinja template, it writes the system prompt
# only into a user turn that is the last message, and ends every assistant turn with "</s>" (the stop token).
# (Jinja also trims assistant answers; Go templates in Ollama have no trim, so answers are taken as stored.)
MISTRAL_V3_OLLAMA_TEMPLATE = (
    "{{ range $i, $m := .Messages }}"
    "{{ if eq $m.Role \"user\" }}"
    "[INST] {{ if and $.System (eq (len (slice $.Messages $i)) 1) }}{{ $.System }}\n\n{{ end }}{{ $m.Content }}[/INST]"
    "{{ else if eq $m.Role \"assistant\" }} {{ $m.Content }}</s>"
    "{{ end }}{{ end }}")

# Qwen3's own hybrid-thinking template. The last assistant turn after the last user query is always
# written as "<think>\n{reasoning}\n</think>\n\n{content}", so an answer without reasoning is trained
# behind an EMPTY think block, which is exactly what `enable_thinking=False` puts at the end of the
# generation prompt. Training, inference and the GGUF therefore agree when thinking is off.
QWEN3_TEMPLATE = _read("qwen3.jinja")

# Ollama's form with thinking off: the same empty think block the model was trained behind.
QWEN3_NO_THINK_OLLAMA_TEMPLATE = (
    "{{ if .System }}<|im_start|>system\n{{ .System }}<|im_end|>\n{{ end }}"
    "{{ range .Messages }}{{ if ne .Role \"system\" }}"
    "<|im_start|>{{ .Role }}\n{{ .Content }}<|im_end|>\n{{ end }}{{ end }}"
    "<|im_start|>assistant\n<think>\n\n</think>\n\n")
