"""Streaming never prints half a Hangul syllable (byte-fallback tokens arrive one byte at a time)."""
from eval.generation import Utf8SafeStreamer


class ByteTokenizer:
    """Each token is one UTF-8 byte, the worst case for a byte-fallback tokenizer."""

    def encode(self, text):
        return list(text.encode("utf-8"))

    def decode(self, ids, skip_special_tokens=True):
        return bytes(ids).decode("utf-8", errors="replace")


def test_streamed_korean_is_whole_characters_and_complete():
    tokenizer, pieces = ByteTokenizer(), []
    streamer = Utf8SafeStreamer(tokenizer, pieces.append, skip_prompt_tokens=3)
    streamer.put([1, 2, 3])  # the prompt, which generate() hands over first
    text = "임차권등기명령을 신청하세요. OK!"
    for byte in tokenizer.encode(text):
        streamer.put([byte])
    streamer.end()
    assert "".join(pieces) == text
    assert all("\ufffd" not in p for p in pieces)
    assert len(pieces) > 10  # it really streams, piece by piece
