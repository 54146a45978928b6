"""Training on the tiny local Llama: label mask, NEFTune, a falling loss, resume at the right step."""
import pytest
import torch
from transformers import TrainerCallback

from common.errors import UserError
from common.families import LLAMA
from common.model import add_lora, load_model
from common.training import TrainSettings, check_label_mask, loss_history, make_trainer, resolve_resume

SYSTEM = "당신은 한국 민법 전문가입니다."


def examples(rows, n):
    return [([{"role": "system", "content": SYSTEM}, {"role": "user", "content": r["question"]}], r["answer"])
            for r in rows[:n]]


def tiny_trainer(tiny_llama, rows, out_dir, **overrides):
    model, tokenizer = load_model(str(tiny_llama), max_length=512, load_in_4bit=False,
                                  chat_template=LLAMA.chat_template)
    model = add_lora(model, r=16, alpha=32, dropout=0.0, seed=0)
    settings = TrainSettings(**{**dict(epochs=1, learning_rate=2e-2, batch_size=4, grad_accum=1, max_length=512,
                                       max_steps=6, save_steps=3, logging_steps=1, seed=0), **overrides})
    return make_trainer(model, tokenizer, examples(rows, 24), examples(rows[24:], 4), settings, out_dir), tokenizer


def test_label_mask_supervises_the_answer_and_its_end_of_turn(tiny_llama, civil_rows, tmp_path):
    trainer, tokenizer = tiny_trainer(tiny_llama, civil_rows, tmp_path)
    report = check_label_mask(trainer, tokenizer)
    assert 0 < report["supervised_tokens"] < report["total_tokens"]
    assert report["supervised_text"].strip() == civil_rows[0]["answer"].strip()  # exactly the answer, no prompt
    batch = trainer.data_collator([trainer.train_dataset[0]])
    labels = [label for label in batch["labels"][0].tolist() if label != -100]
    assert labels[-1] == tokenizer.convert_tokens_to_ids("<|eot_id|>")  # the model learns to stop


class EmbeddingProbe(TrainerCallback):
    """During training, runs the input embedding twice in train mode and twice in eval mode."""

    def __init__(self):
        self.seen = None

    def on_step_begin(self, args, state, control, model=None, **kwargs):
        if self.seen is not None:
            return
        embed = model.get_input_embeddings()
        ids = torch.tensor([[5, 6, 7, 8, 9, 10]])
        was_training = embed.training
        embed.train()
        train_a, train_b = embed(ids).detach().clone(), embed(ids).detach().clone()
        embed.eval()
        eval_a, eval_b = embed(ids).detach().clone(), embed(ids).detach().clone()
        embed.train(was_training)
        self.seen = dict(train_a=train_a, train_b=train_b, eval_a=eval_a, eval_b=eval_b,
                         raw=torch.nn.functional.embedding(ids, embed.weight).detach())


@pytest.mark.parametrize("alpha", [5.0, 0.0])
def test_neftune_noises_embeddings_in_training_mode_only(tiny_llama, civil_rows, tmp_path, alpha):
    trainer, _ = tiny_trainer(tiny_llama, civil_rows, tmp_path, neftune_alpha=alpha, max_steps=1, save_steps=100)
    probe = EmbeddingProbe()
    trainer.add_callback(probe)
    trainer.train()
    s = probe.seen
    assert torch.equal(s["eval_a"], s["raw"]) and torch.equal(s["eval_b"], s["raw"])  # eval: never noised
    if alpha:
        assert not torch.equal(s["train_a"], s["train_b"])  # fresh noise every forward
        noise = (s["train_a"] - s["raw"]).float()
        bound = alpha / (6 * s["raw"].shape[-1]) ** 0.5  # NEFTune: uniform(-1, 1) * alpha / sqrt(L * d)
        assert 0 < noise.abs().max() <= bound * 1.01
    else:
        assert torch.equal(s["train_a"], s["raw"])
    hooks = trainer.model.get_input_embeddings()._forward_hooks.values()
    assert not [h for h in hooks if "neftune" in getattr(h, "__name__", "")]  # removed after training


def test_loss_falls(tiny_llama, civil_rows, tmp_path):
    trainer, _ = tiny_trainer(tiny_llama, civil_rows, tmp_path, max_steps=60, save_steps=60, logging_steps=5)
    trainer.train()
    losses = loss_history(trainer)["loss"]
    assert len(losses) == 12
    late = sum(losses[-3:]) / 3
    # LoRA on a random frozen base cannot go far below the unigram entropy, but it must get there
    assert late < losses[0] - 0.1 and late < sum(losses[:3]) / 3, losses


class StepRecorder(TrainerCallback):
    def __init__(self):
        self.steps = []

    def on_step_end(self, args, state, control, **kwargs):
        self.steps.append(state.global_step)


def test_resume_continues_at_the_checkpoint_step(tiny_llama, civil_rows, tmp_path):
    checkpoints = tmp_path / "checkpoints"
    first, _ = tiny_trainer(tiny_llama, civil_rows, checkpoints, max_steps=6, save_steps=3)
    first.train()
    assert (checkpoints / "checkpoint-3").is_dir() and (checkpoints / "checkpoint-6").is_dir()
    saved = {k: v.clone() for k, v in first.model.state_dict().items() if "lora_B" in k}

    # a run that crashed after step 3: resume from that checkpoint, explicitly and with "auto"
    import shutil
    shutil.rmtree(checkpoints / "checkpoint-6")
    assert resolve_resume("auto", checkpoints).endswith("checkpoint-3")
    assert resolve_resume("checkpoints/checkpoint-3", checkpoints) == str(checkpoints / "checkpoint-3")  # run-relative
    second, _ = tiny_trainer(tiny_llama, civil_rows, checkpoints, max_steps=6, save_steps=3)
    recorder = StepRecorder()
    second.add_callback(recorder)
    second.train(resume_from_checkpoint=resolve_resume(str(checkpoints / "checkpoint-3"), checkpoints))
    assert recorder.steps == [4, 5, 6]
    assert second.state.global_step == 6
    resumed = {k: v for k, v in second.model.state_dict().items() if "lora_B" in k}
    # same data order and seed: the resumed run ends where the uninterrupted one did
    for key, value in saved.items():
        assert torch.allclose(value.float(), resumed[key].float(), atol=1e-4), key


def test_resume_rejects_a_folder_that_is_not_a_checkpoint(tmp_path):
    with pytest.raises(UserError, match="not a checkpoint folder"):
        resolve_resume(str(tmp_path), tmp_path)
    assert resolve_resume("auto", tmp_path / "none") is None


class SpoilAfter(TrainerCallback):
    """From step `after` on, adds large noise to the LoRA weights, so later checkpoints are worse."""

    def __init__(self, after):
        self.after = after

    def on_step_end(self, args, state, control, model=None, **kwargs):
        if state.global_step >= self.after:
            with torch.no_grad():
                for name, param in model.named_parameters():
                    if "lora_B" in name:
                        param.add_(torch.randn_like(param) * 0.5)


def test_the_exported_adapter_is_the_best_checkpoint_not_the_last(tiny_llama, civil_rows, tmp_path):
    from safetensors.torch import load_file

    from common.export import save_adapter
    trainer, tokenizer = tiny_trainer(tiny_llama, civil_rows, tmp_path / "checkpoints", max_steps=12, save_steps=3)
    trainer.add_callback(SpoilAfter(7))
    trainer.train()
    best = trainer.state.best_model_checkpoint
    assert best is not None and not best.endswith("checkpoint-12"), best
    exported = load_file(save_adapter(trainer.model, tokenizer, tmp_path / "adapter") / "adapter_model.safetensors")
    best_weights = load_file(f"{best}/adapter_model.safetensors")
    last_weights = load_file(tmp_path / "checkpoints" / "checkpoint-12" / "adapter_model.safetensors")
    assert exported.keys() == best_weights.keys()
    assert all(torch.equal(exported[k], best_weights[k]) for k in exported)
    assert not all(torch.equal(exported[k], last_weights[k]) for k in exported)


def test_wandb_receives_the_trainers_project_name(tiny_llama, civil_rows, tmp_path, monkeypatch):
    """Offline W&B: the run that transformers' callback opens is filed under the trainer's project."""
    import wandb

    monkeypatch.setenv("WANDB_MODE", "offline")
    monkeypatch.setenv("WANDB_DIR", str(tmp_path))
    monkeypatch.setenv("WANDB_PROJECT", "not-ours")  # restored afterwards; the trainer must replace it
    monkeypatch.delenv("WANDB_DISABLED", raising=False)
    trainer, _ = tiny_trainer(tiny_llama, civil_rows, tmp_path / "checkpoints", report_to=["wandb"],
                              wandb_project="civil-law-qa-probe", max_steps=2, save_steps=100)
    trainer.train()
    project = wandb.run.project if wandb.run is not None else None
    wandb.finish()
    runs = list((tmp_path / "wandb").glob("offline-run-*"))
    assert len(runs) == 1
    assert project == "civil-law-qa-probe" or b"civil-law-qa-probe" in b"".join(
        p.read_bytes() for p in runs[0].rglob("*.wandb"))


def test_tensorboard_writes_the_runs_logs_folder(tiny_llama, civil_rows, tmp_path, monkeypatch):
    monkeypatch.setenv("TENSORBOARD_LOGGING_DIR", "elsewhere")  # restored afterwards; the trainer sets RUN/logs
    trainer, _ = tiny_trainer(tiny_llama, civil_rows, tmp_path / "checkpoints", report_to=["tensorboard"],
                              max_steps=4, save_steps=100, logging_steps=1)
    trainer.train()
    events = list((tmp_path / "logs").rglob("events.out.tfevents*"))
    assert events and b"train/loss" in b"".join(p.read_bytes() for p in events)


def test_padding_free_gives_the_padded_loss_and_keeps_examples_apart(tiny_llama, civil_rows, tmp_path):
    """Padding-free batches (one flat row, position ids restarting per example) are exact: the same loss as the
    padded batch, and each example's logits are the ones it gets alone. Asked for explicitly, they run on CPU too;
    the default leaves the choice to Unsloth (padded on CPU, where the dense mask of one long row is slower)."""
    flat, _ = tiny_trainer(tiny_llama, civil_rows, tmp_path / "flat", padding_free=True)
    padded, _ = tiny_trainer(tiny_llama, civil_rows, tmp_path / "padded")
    assert flat.args.padding_free and not padded.args.padding_free
    rows = [flat.train_dataset[i] for i in range(4)]
    flat_batch, padded_batch = flat.data_collator(rows), padded.data_collator(rows)
    assert flat_batch["input_ids"].shape[0] == 1 and "attention_mask" not in flat_batch
    assert (padded_batch["attention_mask"] == 0).any()  # the padded batch really carries padding

    model = flat.model
    model.train()
    with torch.enable_grad():  # the training path (Unsloth's chunked loss on CPU), NEFTune off outside train()
        loss_flat = flat.compute_loss(model, dict(flat_batch)).item()
        loss_padded = padded.compute_loss(model, dict(padded_batch)).item()
    assert loss_flat == pytest.approx(loss_padded, rel=1e-4), (loss_flat, loss_padded)

    model.eval()
    lengths = [len(r["input_ids"]) for r in rows]
    start = sum(lengths[:2])  # the third example inside the flat row
    third = torch.tensor([rows[2]["input_ids"]])
    with torch.no_grad():
        alone = model(input_ids=third, use_cache=False).logits[0]
        packed = model(input_ids=flat_batch["input_ids"], position_ids=flat_batch["position_ids"],
                       use_cache=False).logits[0, start:start + lengths[2]]
        # control: the same row read as one long sequence attends across examples, so the check can fail
        crossed = model(input_ids=flat_batch["input_ids"], use_cache=False).logits[0, start:start + lengths[2]]
    assert (packed - alone).abs().max().item() < 1e-4
    assert (crossed - alone).abs().max().item() > 1e-2
