"""Every family's Ollama TEMPLATE (Go text/template) renders the same prompt as its training chat template.

Ollama never sees the Jinja template: it builds the prompt from the Modelfile's TEMPLATE, so a model trained
on one prompt format and served on another answers worse. A small Go text/template renderer below renders the
TEMPLATE with the data Ollama's /api/chat passes it (ollama server/routes.go, template/template.go), and
transformers' own Jinja renderer renders the training template; the two strings must be identical.
"""
import json
import operator
import re
from types import SimpleNamespace

import pytest

from common.families import FAMILIES

# ---------------------------------------------------------------- a small Go text/template renderer
ACTION = re.compile(r"{{(-[ \t\r\n])?(.*?)([ \t\r\n]-)?}}", re.S)  # "{{- " and " -}}" trim the text beside them
WORD = re.compile(r'"(?:\\.|[^"\\])*"|`[^`]*`|:=|[=|(),]|\$\w*(?:\.\w+)*|(?:\.\w+)+|\.|[-\w]+')
GO_SPACE = " \t\r\n"


def go_eq(first, *others):
    return any(first == other for other in others)  # Go: eq a b c is a==b || a==c


def go_and(*args):
    return next((arg for arg in args if not arg), args[-1])


def go_or(*args):
    return next((arg for arg in args if arg), args[-1])


def go_index(collection, *keys):
    for key in keys:
        collection = collection[key]
    return collection


def go_slice(collection, *bounds):
    start, stop = (list(bounds) + [None, None])[:2]  # Go: slice x 1 is x[1:], slice x 1 2 is x[1:2]
    return collection[start:stop]


GO_FUNCTIONS = {"eq": go_eq, "ne": operator.ne, "lt": operator.lt, "le": operator.le, "gt": operator.gt,
                "ge": operator.ge, "and": go_and, "or": go_or, "not": operator.not_, "len": len,
                "index": go_index, "slice": go_slice}


def parse_go_template(text: str) -> list:
    """Nodes: ("text", str), ("action", words), ("if", [(words, nodes)…], else_nodes),
    ("range", variables, words, nodes, else_nodes)."""
    items, last = [], 0
    for match in ACTION.finditer(text):
        before = text[last:match.start()]
        items.append(("text", before.rstrip(GO_SPACE) if match.group(1) else before))
        items.append(("action", match.group(2), bool(match.group(3))))
        last = match.end()
    items.append(("text", text[last:]))
    for i, item in enumerate(items):  # a right trim marker strips the following text's leading space
        if item[0] == "action" and item[2]:
            items[i + 1] = ("text", items[i + 1][1].lstrip(GO_SPACE))
    nodes, _, closer = parse_block(items, 0)
    if closer is not None:
        raise SyntaxError(f"unexpected {{{{ {' '.join(closer)} }}}}")
    return nodes


def parse_block(items: list, pos: int):
    """Nodes up to the {{ else … }} or {{ end }} that closes the enclosing block: (nodes, pos, closer words)."""
    nodes = []
    while pos < len(items):
        item, pos = items[pos], pos + 1
        if item[0] == "text":
            nodes.append(item)
            continue
        if item[1].strip().startswith("/*"):  # {{/* comment */}}
            continue
        words = WORD.findall(item[1])
        if words[0] in ("else", "end"):
            return nodes, pos, words
        if words[0] not in ("if", "range"):
            nodes.append(("action", words))
            continue
        body, pos, closer = parse_block(items, pos)
        branches, otherwise = [(words[1:], body)], []
        while closer and closer[:2] == ["else", "if"] and words[0] == "if":
            body, pos, next_closer = parse_block(items, pos)
            branches.append((closer[2:], body))
            closer = next_closer
        if closer == ["else"]:
            otherwise, pos, closer = parse_block(items, pos)
        if closer != ["end"]:
            raise SyntaxError(f"{{{{ {' '.join(words)} }}}} is not closed by {{{{ end }}}}")
        if words[0] == "if":
            nodes.append(("if", branches, otherwise))
        else:
            declared = words.index(":=") if ":=" in words else 0
            variables = [w for w in words[1:declared] if w != ","]
            nodes.append(("range", variables, words[declared + 1:] if declared else words[1:], body, otherwise))
    return nodes, pos, None


def render_go_template(template: str, data: dict) -> str:
    out: list[str] = []
    execute(parse_go_template(template), data, [{"$": data}], out)
    return "".join(out)


def execute(nodes: list, dot, scopes: list[dict], out: list[str]) -> None:
    for node in nodes:
        if node[0] == "text":
            out.append(node[1])
        elif node[0] == "action":
            declares = len(node[1]) > 1 and node[1][1] in (":=", "=")
            value = evaluate_pipeline(node[1], dot, scopes)
            if not declares:  # Go prints nothing for {{ $x := … }}
                out.append(go_string(value))
        elif node[0] == "if":
            chosen = next((body for words, body in node[1] if evaluate_pipeline(words, dot, scopes)), node[2])
            execute(chosen, dot, scopes + [{}], out)  # variables live until the block's {{ end }}
        else:
            _, variables, words, body, otherwise = node
            items = evaluate_pipeline(words, dot, scopes) or []  # Go ranges over nil as over nothing
            for index, element in enumerate(items):
                names = dict(zip(variables, [index, element] if len(variables) == 2 else [element]))
                execute(body, element, scopes + [names], out)
            if not items:
                execute(otherwise, dot, scopes + [{}], out)


def evaluate_pipeline(words: list[str], dot, scopes: list[dict]):
    if len(words) > 1 and words[1] in (":=", "="):
        value = evaluate_pipeline(words[2:], dot, scopes)
        owner = next((s for s in reversed(scopes) if words[0] in s), scopes[-1]) if words[1] == "=" else scopes[-1]
        owner[words[0]] = value
        return value
    value, piped = None, False
    for command in split_top_level(words, "|"):  # a | b: a's value becomes b's last argument
        args, pos = [], 0
        while pos < len(command):
            if command[pos] == "(":
                group = matching_group(command, pos)
                args.append(evaluate_pipeline(command[pos + 1:group], dot, scopes))
                pos = group + 1
            else:
                args.append(command[pos] if command[pos] in GO_FUNCTIONS else operand(command[pos], dot, scopes))
                pos += 1
        if piped:
            args.append(value)
        value = GO_FUNCTIONS[args[0]](*args[1:]) if command[0] in GO_FUNCTIONS else args[0]
        piped = True
    return value


def split_top_level(words: list[str], separator: str) -> list[list[str]]:
    parts, depth = [[]], 0
    for word in words:
        depth += (word == "(") - (word == ")")
        if word == separator and depth == 0:
            parts.append([])
        else:
            parts[-1].append(word)
    return parts


def matching_group(words: list[str], start: int) -> int:
    depth = 0
    for pos in range(start, len(words)):
        depth += (words[pos] == "(") - (words[pos] == ")")
        if depth == 0:
            return pos
    raise SyntaxError(f"unclosed parenthesis in {' '.join(words)}")


def operand(word: str, dot, scopes: list[dict]):
    if word[0] == '"':
        return json.loads(word)  # Go's escapes in "…" are JSON's for everything templates use
    if word[0] == "`":
        return word[1:-1]
    if word in ("true", "false", "nil"):
        return {"true": True, "false": False, "nil": None}[word]
    if re.fullmatch(r"-?\d+", word):
        return int(word)
    if word[0] == "$":
        name, *fields = word.split(".")
        scope = next((s for s in reversed(scopes) if name in s), None)
        if scope is None:
            raise NameError(f"undefined variable {name}")
        return field_chain(scope[name], fields)
    if word[0] == ".":
        return field_chain(dot, [f for f in word.split(".") if f])
    raise SyntaxError(f"function {word!r} not defined")


def field_chain(value, fields: list[str]):
    for name in fields:
        # Ollama's top-level data is a map read with missingkey=zero; a message is a Go struct, and an unknown
        # field of a struct is an execution error (getattr raises)
        value = value.get(name) if isinstance(value, dict) else getattr(value, name)
    return value


def go_string(value) -> str:
    if value is None:
        return "<no value>"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def ollama_chat_prompt(template: str, messages: list[dict], modelfile_system: str | None) -> str:
    """The prompt Ollama's /api/chat builds: the Modelfile SYSTEM goes first unless the request starts with its
    own system message (server/routes.go), consecutive messages of one role are merged with a blank line, .System
    is every system message joined, and a template that names .Messages is rendered once over the whole
    conversation (template/template.go). Templates without .Messages take Ollama's turn-by-turn legacy path,
    which is not emulated here."""
    if ".Messages" not in template:
        raise ValueError("template without .Messages: Ollama renders it turn by turn (legacy path)")
    if modelfile_system and (not messages or messages[0]["role"] != "system"):
        messages = [{"role": "system", "content": modelfile_system}] + messages
    collated: list[SimpleNamespace] = []
    for message in messages:
        if collated and collated[-1].Role == message["role"]:
            collated[-1].Content += "\n\n" + message["content"]
        else:
            collated.append(SimpleNamespace(Role=message["role"], Content=message["content"], Thinking="",
                                            Images=[], ToolCalls=[]))
    system = "\n\n".join(m["content"] for m in messages if m["role"] == "system")
    data = {"System": system, "Messages": collated, "Tools": [], "Response": "", "Think": False, "IsThinkSet": False}
    return render_go_template(template, data)


# ---------------------------------------------------------------- the training side
def training_prompt(family, messages: list[dict]) -> str:
    """apply_chat_template's string, rendered by transformers' own Jinja renderer (same sandbox, globals and
    extensions) without a tokenizer; Ollama adds no BOS text (llama.cpp adds the token), so it is removed."""
    from transformers.utils.chat_template_utils import render_jinja_template

    rendered, _ = render_jinja_template(conversations=[messages], chat_template=family.chat_template,
                                        add_generation_prompt=True, bos_token=family.bos, eos_token=family.eos,
                                        **family.chat_template_kwargs)
    text = rendered[0]
    if family.add_bos:
        assert text.startswith(family.bos), f"{family.name}: the training template writes no BOS"
        text = text[len(family.bos):]
    return text


# ---------------------------------------------------------------- the conversations
SYSTEM = "당신은 한국 민법 전문가입니다.\n근거 조문을 함께 답하세요."
CONVERSATIONS = {
    "system_and_user": [{"role": "system", "content": SYSTEM},
                        {"role": "user", "content": "전세 보증금을 돌려받지 못했어요. 어떻게 하나요?"}],
    "user_only": [{"role": "user", "content": "요청: 3층 복도 조명이 깜빡입니다.\n위치와 우선순위를 알려주세요."}],
    "multi_turn": [{"role": "system", "content": SYSTEM},
                   {"role": "user", "content": "임대차 계약이 끝났는데 집주인이 연락을 안 받아요."},
                   {"role": "assistant",
                    "content": "임차권등기명령을 신청할 수 있습니다.\n(주택임대차보호법 제3조의3)"},
                   {"role": "user", "content": "신청은 어디에 하나요?\n서류도 알려주세요."}],
}


def modelfile_system(messages: list[dict]) -> str | None:
    """The run's Modelfile carries the system prompt as SYSTEM; the request then holds only the other turns."""
    return messages[0]["content"] if messages[0]["role"] == "system" else None


def ollama_request(messages: list[dict]) -> list[dict]:
    return [m for m in messages if m["role"] != "system"]


@pytest.mark.parametrize("conversation", sorted(CONVERSATIONS))
@pytest.mark.parametrize("family_name", sorted(FAMILIES))
def test_ollama_template_renders_the_training_prompt(family_name, conversation):
    family, messages = FAMILIES[family_name], CONVERSATIONS[conversation]
    served = ollama_chat_prompt(family.ollama_template, ollama_request(messages), modelfile_system(messages))
    assert served == training_prompt(family, messages)


@pytest.mark.parametrize("family_name", sorted(FAMILIES))
def test_a_request_with_its_own_system_message_renders_the_training_prompt(family_name):
    """A client may send the system message itself (it then replaces the Modelfile's SYSTEM)."""
    family, messages = FAMILIES[family_name], CONVERSATIONS["multi_turn"]
    assert ollama_chat_prompt(family.ollama_template, messages, "다른 시스템") == training_prompt(family, messages)


@pytest.mark.parametrize("family_name", sorted(FAMILIES))
def test_a_template_that_drops_the_system_prompt_is_caught(family_name):
    """The comparison can fail: the same TEMPLATE without its .System renders a different prompt."""
    family, messages = FAMILIES[family_name], CONVERSATIONS["system_and_user"]
    broken = family.ollama_template.replace("{{ $.System }}", "").replace("{{ .System }}", "")
    assert broken != family.ollama_template
    served = ollama_chat_prompt(broken, ollama_request(messages), modelfile_system(messages))
    assert served != training_prompt(family, messages)


@pytest.mark.parametrize("template, expected", [
    ("a  {{- 1 -}}  b {{- /* note */ -}} c", "a1bc"),
    ('{{ if eq .X "x" "y" }}yes{{ else if .Y }}y{{ else }}no{{ end }}', "yes"),
    ("{{ range $i, $m := .L }}{{ $i }}={{ $m }}{{ if eq (len (slice $.L $i)) 1 }}!{{ end }},{{ end }}", "0=a,1=b!,"),
    ("{{ range .Empty }}x{{ else }}none{{ end }}{{ $v := index .L 1 }}{{ $v }}{{ .L | len }}", "noneb2"),
    ('{{ and .X (not .Y) }} {{ or .Y "z" }} {{ ne 1 2 }} {{ .Missing }} {{ "tab\\t" }}',
     "true z true <no value> tab\t"),
])
def test_go_renderer_follows_text_template(template, expected):
    """Outputs as Go's text/template writes them for data {X: "x", Y: "", L: ["a", "b"], Empty: []}."""
    assert render_go_template(template, {"X": "x", "Y": "", "L": ["a", "b"], "Empty": []}) == expected


def test_ollama_legacy_templates_are_refused():
    """A TEMPLATE without .Messages (e.g. "[INST] {{ .Prompt }}[/INST]") makes Ollama render turn by turn,
    dropping history and the system prompt; every family's TEMPLATE must name .Messages."""
    with pytest.raises(ValueError, match="legacy"):
        ollama_chat_prompt("[INST] {{ .Prompt }}[/INST]", CONVERSATIONS["user_only"], None)
