"""Deduplication's first stages, as units: normalising, shingles, MinHash signatures, LSH bands,
candidate verification and clusters (newslint/dedup/minhash.py, params.py, clusters.py).

The texts are real wikinews articles (../shared/corpora/wikinews_en.jsonl), or word windows cut
from them so that the exact Jaccard similarity of two texts is known in advance; the references
(shingle sets, connected components) are computed here in plain Python.
"""

from __future__ import annotations

import itertools
import json
import random
import re
from collections.abc import Callable, Sequence
from dataclasses import fields
from typing import Any

import numpy as np
import pytest
from conftest import require_shared

from newslint.dedup import clusters, minhash
from newslint.dedup.clusters import Cluster, UnionFind, candidate_pairs, find_clusters
from newslint.dedup.minhash import Signatures, band_keys, jaccard, signatures
from newslint.dedup.params import PRESETS, Params, candidate_probability, choose_bands

# Spelled out, so that retuning the presets leaves these tests of the mechanism as they are.
PARAMS = Params(ngram=5, char_ngram=5, num_perm=128, threshold=0.7, min_words=20, seed=1)

# Two unrelated news paragraphs in each of three scripts written without spaces between words.
ZH_FLOOD = (
    "本市气象部门今天上午发布暴雨红色预警，预计未来十二小时内全市大部分地区将出现特大暴雨，局部地区累计降雨量"
    "可能超过两百毫米。市政府已经要求各区做好防汛准备，中小学和幼儿园全部停课，地铁部分线路暂停运营。气象专家"
    "提醒市民尽量减少外出，远离河道和低洼地带，注意收听最新的天气预报和交通信息。"
)
ZH_FOOTBALL = (
    "国家足球队昨晚在主场以二比一战胜对手，取得了世界杯预选赛的第三场胜利。比赛上半场双方都没有进球，下半场第"
    "五十八分钟，年轻前锋接到队友传球后冷静射门得分。对手在比赛结束前十分钟扳平比分，但队长在补时阶段打进制胜"
    "一球。主教练赛后表示，球队的表现还有很多需要改进的地方，下一场比赛将在客场进行。"
)
TH_FLOOD = (
    "กรมอุตุนิยมวิทยาประกาศเตือนว่าจะมีฝนตกหนักถึงหนักมากในหลายจังหวัดทางภาคใต้ตลอดสัปดาห์นี้ "
    "ประชาชนที่อาศัยอยู่ในพื้นที่ลุ่มต่ำและริมแม่น้ำควรเตรียมพร้อมรับมือกับน้ำท่วมฉับพลันและดินถล่ม "
    "เจ้าหน้าที่ได้จัดเตรียมศูนย์อพยพและเรือสำหรับช่วยเหลือผู้ประสบภัยไว้แล้วในทุกอำเภอ"
)
TH_FOOTBALL = (
    "ทีมฟุตบอลทีมชาติไทยเอาชนะคู่แข่งได้สองประตูต่อหนึ่งในการแข่งขันรอบคัดเลือกเมื่อคืนนี้ "
    "ผู้เล่นกองหน้าวัยยี่สิบปียิงประตูชัยในนาทีสุดท้ายของการแข่งขัน ทำให้แฟนบอลที่มาเชียร์ในสนามกว่าสามหมื่นคนต่างดีใจ "
    "หัวหน้าผู้ฝึกสอนกล่าวว่าทีมยังต้องพัฒนาอีกมากก่อนการแข่งขันนัดต่อไป"
)
JA_FLOOD = (
    "気象庁は今日、九州地方を中心に非常に激しい雨が降るおそれがあるとして、大雨特別警報を発表しました。川の氾濫"
    "や土砂災害の危険性が非常に高まっているため、住民は直ちに命を守る行動をとるよう呼びかけています。多くの学校"
    "が休校となり、鉄道の運転も見合わせています。"
)
JA_FOOTBALL = (
    "日本代表は昨夜、ワールドカップ予選で強豪を二対一で破り、三連勝を飾りました。前半は両チームとも得点がありま"
    "せんでしたが、後半に若いフォワードが見事なゴールを決めました。監督は試合後、選手たちの粘り強さをたたえる一方"
    "、守備にはまだ課題が残っていると話しました。"
)
UNSPACED = {"zh": (ZH_FLOOD, ZH_FOOTBALL), "th": (TH_FLOOD, TH_FOOTBALL), "ja": (JA_FLOOD, JA_FOOTBALL)}


# --- material and references -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def wikinews() -> list[dict[str, Any]]:
    path = require_shared() / "corpora" / "wikinews_en.jsonl"
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


@pytest.fixture(scope="module")
def articles(wikinews: list[dict[str, Any]]) -> list[str]:
    """Wikinews articles as scraped text: headline, blank line, paragraphs between blank lines."""
    return [record["title"] + "\n\n" + "\n\n".join(record["paragraphs"]) for record in wikinews]


@pytest.fixture(scope="module")
def words(articles: list[str]) -> list[list[str]]:
    """Each article's words, lower case: texts joined from them have no punctuation to normalise, so
    their shingles are known here exactly."""
    return [re.findall(r"[^\W_]+", article.lower()) for article in articles]


@pytest.fixture(scope="module")
def long_words(words: list[list[str]]) -> list[list[str]]:
    return [w for w in words if len(w) >= 320]


def shingle_set(tokens: Sequence[str], n: int = 5) -> set[tuple[str, ...]]:
    return {tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1)}


def exact_jaccard(a: Sequence[str], b: Sequence[str], n: int = 5) -> float:
    sa, sb = shingle_set(a, n), shingle_set(b, n)
    return len(sa & sb) / len(sa | sb)


def letters(text: str) -> list[str]:
    """What character shingles are made of: the letters and digits, punctuation and spaces left out."""
    return re.findall(r"[^\W_]", text.lower())


def window(tokens: Sequence[str], start: int, size: int = 200) -> str:
    return " ".join(tokens[start : start + size])


def assert_same_signatures(a: Signatures, b: Signatures) -> None:
    for field in fields(Signatures):
        left, right = getattr(a, field.name), getattr(b, field.name)
        if isinstance(left, np.ndarray):
            assert left.dtype == right.dtype, field.name
            np.testing.assert_array_equal(left, right, err_msg=field.name)
        else:
            assert left == right, field.name


def agreement(signed: Signatures, a: int, b: int) -> float:
    return float(np.mean(signed.signatures[a] == signed.signatures[b]))


# --- normalising ----------------------------------------------------------------------------------------

SPELLINGS: dict[str, Callable[[str], str]] = {
    "upper case": str.upper,
    "title case": str.title,
    "ASCII punctuation": lambda t: t.replace(" ", ", ").replace("\n", "!\n") + " ...",
    "ASCII brackets and symbols": lambda t: "(" + t.replace(" ", " / ").replace("\n", "; \n") + ") #",
    "curly quotes": lambda t: "“" + t.replace(" ", "” “") + "”",
    "dashes and ellipses": lambda t: t.replace(" ", " — ").replace("\n", "…\n"),
    "guillemets": lambda t: "« " + t.replace(" ", " » « ") + " »",
    "tabs and runs of spaces": lambda t: "\t " + t.replace(" ", " \t  ") + "  \t",
    "line breaks": lambda t: "\n\n" + t.replace(" ", "\r\n") + "\n",
    "no-break spaces": lambda t: t.replace(" ", "\u00a0"),
    "CJK punctuation": lambda t: t.replace(" ", "\u3001").replace("\n", "\u3002\n"),
}


@pytest.mark.parametrize("spelling", SPELLINGS.values(), ids=SPELLINGS.keys())
def test_normalising_gives_identical_digests_and_signatures(articles: list[str], spelling: Callable) -> None:
    # Accented capitals too: case folding is not ASCII only.
    base = articles[3] + "\n\nÉlection À Genève: Ωmega Ångström"
    variant = spelling(base)
    assert variant != base
    signed = signatures([base, variant], PARAMS)
    assert signed.digests[0] == signed.digests[1]
    assert signed.words[0] == signed.words[1]
    np.testing.assert_array_equal(signed.shingle_set(0), signed.shingle_set(1))
    np.testing.assert_array_equal(signed.signatures[0], signed.signatures[1])
    assert signed.signatures[0].any()


EDITS: dict[str, Callable[[list[str]], list[str]]] = {
    "first word changed": lambda w: ["breaking", *w[1:]],
    "middle word changed": lambda w: [*w[:100], "zebra", *w[101:]],
    "last word changed": lambda w: [*w[:-1], "zebra"],
    "word added": lambda w: [*w[:50], "really", *w[50:]],
    "word removed": lambda w: [*w[:50], *w[51:]],
    "two words swapped": lambda w: [*w[:10], w[11], w[10], *w[12:]],
    "words glued": lambda w: [*w[:10], w[10] + w[11], *w[12:]],
}


@pytest.mark.parametrize("edit", EDITS.values(), ids=EDITS.keys())
def test_a_changed_word_changes_the_digest(long_words: list[list[str]], edit: Callable) -> None:
    tokens = long_words[0][:300]
    edited = edit(list(tokens))
    assert edited != tokens
    signed = signatures([" ".join(tokens), " ".join(edited)], PARAMS)
    assert signed.digests[0] != signed.digests[1]
    # Still a near copy: the verified similarity is high, but not that of an exact copy.
    assert 0.9 <= jaccard(signed.shingle_set(0), signed.shingle_set(1)) < 1.0


@pytest.mark.parametrize("length", [1, 7, 8, 9, 15, 16, 17, 24, 25, 40, 64, 65, 200])
def test_words_differing_in_any_one_byte_are_different_words(length: int) -> None:
    """Words are hashed eight bytes at a time (over 64 bytes, by BLAKE2b): a change at every
    position of every chunk, and a word one byte longer or shorter, must show."""
    word = "".join(chr(ord("a") + n % 26) for n in range(length))
    variants = [
        word[:p] + "z" + word[p + 1 :] if word[p] != "z" else word[:p] + "y" + word[p + 1 :]
        for p in range(length)
    ]
    variants += [word + "a", word[:-1] or "b", "é" + word[1:]]
    signed = signatures([word, *variants], PARAMS)
    assert len(set(signed.digests)) == len(variants) + 1


# --- signatures approximate Jaccard ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("target", "shared"),
    [
        (0.0, 0),  # different articles
        (0.5, 201),  # 197 of 296 shingles shared: J = 197 / 395
        (0.9, 284),  # 280 of 296 shingles shared: J = 280 / 312
    ],
)
def test_signature_agreement_approximates_exact_jaccard(
    long_words: list[list[str]], target: float, shared: int
) -> None:
    """Two texts of 300 words, the first `shared` of them in common, for eight pairs of articles."""
    exact, agreed = [], []
    for n in range(8):
        mine, other = long_words[2 * n], long_words[2 * n + 1]
        a, b = mine[:300], mine[:shared] + other[: 300 - shared]
        signed = signatures([" ".join(a), " ".join(b)], PARAMS)
        verified = jaccard(signed.shingle_set(0), signed.shingle_set(1))
        assert verified == pytest.approx(exact_jaccard(a, b), abs=0.01)  # 32-bit shingles, few collisions
        assert verified == pytest.approx(target, abs=0.05)
        exact.append(verified)
        agreed.append(agreement(signed, 0, 1))
        assert abs(agreed[-1] - verified) < 0.15, (n, agreed[-1], verified)
    errors = np.array(agreed) - np.array(exact)
    assert np.mean(np.abs(errors)) < 0.1
    assert abs(np.mean(errors)) < 0.05  # no bias either way


def test_densified_signatures_of_short_texts_approximate_jaccard(words: list[list[str]]) -> None:
    """Texts of 40 words have 36 shingles for 128 bins: most bins are filled by densification, which
    must keep the agreement rate an estimate of Jaccard (it would rise with a per-text borrowing
    order shared by all bins, or fall with one that differs between texts)."""
    exact, agreed = [], []
    for n in range(30):
        a = words[n][:40]
        b = words[n][:22] + words[n + 100][:18]
        signed = signatures([" ".join(a), " ".join(b)], PARAMS)
        exact.append(jaccard(signed.shingle_set(0), signed.shingle_set(1)))
        agreed.append(agreement(signed, 0, 1))
        assert len(np.unique(signed.signatures[0])) <= 36  # bins filled by borrowing from others
    assert np.mean(exact) == pytest.approx(1 / 3, abs=0.05)
    assert np.mean(agreed) == pytest.approx(np.mean(exact), abs=0.05)


# --- bands ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("num_perm", [16, 64, 128, 256])
@pytest.mark.parametrize("threshold", [0.3, 0.5, 0.7, 0.8, 0.9, 0.95])
def test_choose_bands_meets_recall_with_the_most_rows(threshold: float, num_perm: int) -> None:
    bands, rows = choose_bands(threshold, num_perm)
    assert bands == num_perm // rows
    assert candidate_probability(threshold, bands, rows) >= 0.99
    # Maximal: no band of more rows (as many bands as fit) reaches the same recall.
    for more in range(rows + 1, num_perm + 1):
        assert candidate_probability(threshold, num_perm // more, more) < 0.99, more


@pytest.mark.parametrize("params", [PARAMS, *PRESETS.values(), Params(threshold=0.9, num_perm=64)], ids=str)
def test_band_keys_have_one_column_per_band(articles: list[str], params: Params) -> None:
    signed = signatures(articles[:5], params)
    keys = band_keys(signed.signatures, params)
    assert keys.shape == (5, params.bands[0])
    assert keys.dtype == np.int64
    # Equal bands of different positions are different keys: the band number is hashed in.
    same = np.zeros((1, params.num_perm), np.uint32)
    assert len(set(band_keys(same, params)[0].tolist())) == params.bands[0]


# --- what is compared -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "count", "compared"),
    [
        (PARAMS, PARAMS.min_words - 1, False),
        (PARAMS, PARAMS.min_words, True),
        (Params(min_words=40), 39, False),
        (Params(min_words=40), 40, True),
        (PRESETS["ocr"], 19, False),
        (PRESETS["ocr"], 20, True),
    ],
)
def test_texts_shorter_than_min_words_get_no_shingles_and_never_cluster(
    words: list[list[str]], params: Params, count: int, compared: bool
) -> None:
    text = " ".join(words[7][:count])
    signed = signatures([text, text.upper(), " ".join(words[8][:300])], params)
    assert list(signed.words[:2]) == [count, count]
    sizes = np.diff(signed.offsets)
    assert bool(sizes[0]) is compared and bool(sizes[1]) is compared
    assert bool(signed.signatures[0].any()) is compared
    expected = [Cluster((0, 1), 1.0)] if compared else []
    assert find_clusters(signed, params) == expected


def test_texts_without_any_shingles_in_a_batch(words: list[list[str]]) -> None:
    """A batch of nothing but short or empty texts (a shard of captions) still has signatures."""
    texts = ["", "   ", "Brief.", " ".join(words[0][:5]), " ".join(words[0][:5])]
    signed = signatures(texts, PARAMS)
    assert signed.signatures.shape == (5, PARAMS.num_perm)
    assert not signed.signatures.any()
    assert list(signed.offsets) == [0] * 6
    assert find_clusters(signed, PARAMS) == []


@pytest.mark.parametrize("language", UNSPACED)
def test_unspaced_scripts_get_character_shingles(language: str) -> None:
    story, unrelated = UNSPACED[language]
    middle = len(story) // 2
    near_copy = story[: middle - 20] + story[middle - 19 : middle] + story[middle + 1 :]  # two letters cut
    signed = signatures([story, near_copy, unrelated], PARAMS)
    assert signed.words[0] == len(letters(story))  # a token per letter, punctuation and spaces left out
    assert np.diff(signed.offsets)[0] == len(shingle_set(letters(story)))  # character 5-grams
    assert 0.7 <= jaccard(signed.shingle_set(0), signed.shingle_set(1)) < 1.0
    assert jaccard(signed.shingle_set(0), signed.shingle_set(2)) < 0.1
    found = find_clusters(signed, PARAMS)
    assert [cluster.members for cluster in found] == [(0, 1)]


def test_a_few_latin_words_inside_chinese_keep_character_shingles() -> None:
    mixed = ZH_FLOOD.replace("气象部门", "气象部门 (BBC News) ")
    signed = signatures([ZH_FLOOD, mixed], PARAMS)
    assert np.diff(signed.offsets)[1] > 100  # not 3 "words"
    assert [cluster.members for cluster in find_clusters(signed, PARAMS)] == [(0, 1)]


# --- shingles stay inside their text ----------------------------------------------------------------------


def test_shingles_never_cross_text_boundaries(long_words: list[list[str]]) -> None:
    """x and y are glued in a batch; z is the end of x then the start of y, so shingles that ran
    from one text into the next would be shared with z."""
    x, y = long_words[0][:30], long_words[1][:30]
    z = x[-15:] + y[:15]
    texts = [x, y, z]
    signed = signatures([" ".join(t) for t in texts], PARAMS)
    for i, j in itertools.combinations(range(3), 2):
        got = jaccard(signed.shingle_set(i), signed.shingle_set(j))
        assert got == pytest.approx(exact_jaccard(texts[i], texts[j])), (i, j)
    for i, tokens in enumerate(texts):
        assert np.diff(signed.offsets)[i] == len(tokens) - 4
        alone = signatures([" ".join(tokens)], PARAMS)
        np.testing.assert_array_equal(signed.shingle_set(i), alone.shingle_set(0))
        np.testing.assert_array_equal(signed.signatures[i], alone.signatures[0])


def test_character_shingles_never_cross_text_boundaries() -> None:
    x, y = ZH_FLOOD[:40], ZH_FOOTBALL[:40]
    z = x[-20:] + y[:20]
    texts = [x, y, z]
    signed = signatures(texts, PARAMS)
    for i, j in itertools.combinations(range(3), 2):
        got = jaccard(signed.shingle_set(i), signed.shingle_set(j))
        assert got == pytest.approx(exact_jaccard(letters(texts[i]), letters(texts[j]))), (i, j)
    for i, text in enumerate(texts):
        alone = signatures([text], PARAMS)
        np.testing.assert_array_equal(signed.shingle_set(i), alone.shingle_set(0))


# --- batches ----------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def mixed_texts(articles: list[str], words: list[list[str]]) -> list[str]:
    """Long and short texts, copies and near copies, other scripts and empty texts, interleaved."""
    texts: list[str] = []
    for n, article in enumerate(articles[:40]):
        texts.append(article)
        if n % 5 == 0:
            texts.append(article.upper())  # an exact copy
        if n % 7 == 0:
            texts.append(article.rsplit("\n\n", 1)[0])  # the last paragraph cut
        if n % 6 == 0:
            texts.append(" ".join(words[n][:8]))  # too short to compare
        if n % 13 == 0:
            texts.append("")
    texts[5:5] = [ZH_FLOOD, ZH_FLOOD[3:], TH_FLOOD]
    texts[30:30] = [JA_FLOOD, TH_FOOTBALL, TH_FLOOD + " ข่าว"]
    return [*texts, ZH_FOOTBALL, ""]


@pytest.mark.parametrize("batch_bytes", [1, 300, 5_000, 40_000])
def test_results_do_not_depend_on_how_texts_are_batched(
    mixed_texts: list[str], batch_bytes: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    whole = signatures(mixed_texts, PARAMS)
    assert len(whole.digests) == len(mixed_texts)
    whole_clusters = find_clusters(whole, PARAMS)
    assert len(whole_clusters) >= 10

    monkeypatch.setattr(minhash, "BATCH_BYTES", batch_bytes)
    batched = signatures(mixed_texts, PARAMS)
    assert_same_signatures(batched, whole)
    assert find_clusters(batched, PARAMS) == whole_clusters


def test_one_batch_is_one_batch(mixed_texts: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """The split above really happens: with BATCH_BYTES of 1, every text is a batch of its own."""
    calls: list[int] = []
    real = minhash._batch

    def counting(texts: Sequence[str], params: Params) -> Signatures:
        calls.append(len(texts))
        return real(texts, params)

    monkeypatch.setattr(minhash, "_batch", counting)
    monkeypatch.setattr(minhash, "BATCH_BYTES", 1)
    signatures(mixed_texts, PARAMS)
    assert calls == [1] * len(mixed_texts)


# --- clusters ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def clustered_texts(articles: list[str]) -> tuple[list[str], list[frozenset[int]]]:
    """Thirty articles with exact and near copies, and the clusters they make (by text index)."""
    texts = list(articles[:30])
    expected: dict[int, set[int]] = {}

    def add(source: int, text: str) -> None:
        expected.setdefault(source, {source}).add(len(texts))
        texts.append(text)

    for n in range(0, 30, 3):
        paragraphs = articles[n].split("\n\n")
        add(n, articles[n].upper().replace(". ", "! "))  # exact copy
        add(n, "\n\n".join(["UPDATE: " + paragraphs[0], *paragraphs[1:-1]]))  # near copy
    for n in range(1, 30, 6):
        add(n, articles[n] + "\n\nShare this article on Facebook")  # near copy
    return texts, [frozenset(group) for group in expected.values()]


def named(found: list[Cluster], names: Sequence[int]) -> set[frozenset[int]]:
    return {frozenset(names[i] for i in cluster.members) for cluster in found}


def test_find_clusters_finds_the_copies(clustered_texts: tuple[list[str], list[frozenset[int]]]) -> None:
    texts, expected = clustered_texts
    found = find_clusters(signatures(texts, PARAMS), PARAMS)
    assert named(found, range(len(texts))) == set(expected)
    assert [cluster.members[0] for cluster in found] == sorted(cluster.members[0] for cluster in found)
    assert all(list(cluster.members) == sorted(cluster.members) for cluster in found)


@pytest.mark.parametrize("seed", range(5))
def test_find_clusters_is_independent_of_input_order(
    clustered_texts: tuple[list[str], list[frozenset[int]]], seed: int
) -> None:
    texts, expected = clustered_texts
    order = list(range(len(texts)))
    random.Random(seed).shuffle(order)
    shuffled = [texts[i] for i in order]
    first = find_clusters(signatures(shuffled, PARAMS), PARAMS)
    assert find_clusters(signatures(shuffled, PARAMS), PARAMS) == first  # deterministic
    assert named(first, order) == set(expected)


def test_cluster_similarity_is_independent_of_input_order(long_words: list[list[str]]) -> None:
    """A chain a-b-c: J(a, b) = J(b, c) = 0.90 and J(a, c) = 0.81, all above the threshold: the
    cluster reports J(a, c), the lowest pair, in every order."""
    tokens = long_words[0]
    a, b, c = window(tokens, 0), window(tokens, 10), window(tokens, 20)
    reported = {}
    for order in itertools.permutations([a, b, c]):
        (cluster,) = find_clusters(signatures(list(order), PARAMS), PARAMS)
        assert cluster.members == (0, 1, 2)
        reported[order.index(a), order.index(b), order.index(c)] = cluster.jaccard
    assert len(set(reported.values())) == 1, reported
    signed = signatures([a, c], PARAMS)
    assert set(reported.values()) == {round(jaccard(signed.shingle_set(0), signed.shingle_set(1)), 4)}


@pytest.mark.parametrize(
    ("shift", "joined"),
    [
        (34, True),  # 200-word windows 34 words apart: J = 162 / 230 = 0.704
        (35, False),  # 35 apart: J = 161 / 231 = 0.697, below the threshold
    ],
)
def test_candidates_are_verified_by_exact_jaccard(
    long_words: list[list[str]], shift: int, joined: bool
) -> None:
    tokens = long_words[3]
    signed = signatures([window(tokens, 0), window(tokens, shift)], PARAMS)
    similarity = jaccard(signed.shingle_set(0), signed.shingle_set(1))
    assert (similarity >= PARAMS.threshold) is joined
    # Both pairs share band keys (J near the threshold makes a candidate 99% of the time) ...
    assert list(candidate_pairs(signed, PARAMS, np.arange(2))) == [(0, 1)]
    # ... and exact Jaccard decides.
    expected = [Cluster((0, 1), round(similarity, 4))] if joined else []
    assert find_clusters(signed, PARAMS) == expected


def test_with_every_pair_a_candidate_clusters_are_the_components_above_threshold(
    long_words: list[list[str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Band keys all equal: every pair is a candidate, so verification alone decides, and the
    clusters must be the connected components of the pairs at or above the threshold."""
    texts: list[list[str]] = []
    for n, shift in enumerate([0, 30, 34, 35, 40, 60, 100]):
        texts.append(long_words[5][shift : shift + 200])
        texts.append(long_words[6 + n][:200])
    texts.append(long_words[20][:200])
    texts.append(long_words[20][35:235])  # J 0.697 with the one before
    signed = signatures([" ".join(t) for t in texts], PARAMS)

    def same_keys(sigs: np.ndarray, params: Params) -> np.ndarray:
        return np.zeros((len(sigs), params.bands[0]), np.int64)

    monkeypatch.setattr(clusters, "band_keys", same_keys)
    assert (
        len(list(candidate_pairs(signed, PARAMS, np.arange(len(texts)))))
        == len(texts) * (len(texts) - 1) // 2
    )

    components = UnionFind(len(texts))
    for i, j in itertools.combinations(range(len(texts)), 2):
        if exact_jaccard(texts[i], texts[j]) >= PARAMS.threshold:
            components.union(i, j)
    groups: dict[int, set[int]] = {}
    for i in range(len(texts)):
        groups.setdefault(components.find(i), set()).add(i)
    expected = {frozenset(g) for g in groups.values() if len(g) > 1}
    assert expected == {frozenset({0, 2, 4, 6, 8, 10})}  # shifts 0, 30, 34, 35, 40, 60 chain up
    assert named(find_clusters(signed, PARAMS), range(len(texts))) == expected


@pytest.mark.parametrize(
    ("unions", "roots"),
    [
        ([(5, 3), (3, 9), (9, 1)], {1: [1, 3, 5, 9]}),
        ([(0, 1), (2, 3), (3, 1)], {0: [0, 1, 2, 3]}),
        ([(9, 8), (7, 6), (8, 6)], {6: [6, 7, 8, 9]}),
        ([(4, 4), (2, 7)], {2: [2, 7]}),
    ],
)
def test_union_find_root_is_the_smallest_member(
    unions: list[tuple[int, int]], roots: dict[int, list[int]]
) -> None:
    groups = UnionFind(10)
    for a, b in unions:
        groups.union(a, b)
    for root, members in roots.items():
        assert [groups.find(i) for i in members] == [root] * len(members)
    joined = {i for members in roots.values() for i in members}
    assert all(groups.find(i) == i for i in range(10) if i not in joined)


def test_union_find_matches_brute_force_components() -> None:
    rng = random.Random(7)
    n = 60
    groups = UnionFind(n)
    label = list(range(n))  # the component of each element, as the set of its members' minimum
    for _ in range(80):
        a, b = rng.randrange(n), rng.randrange(n)
        la, lb = label[a], label[b]
        merged = min(la, lb)
        label = [merged if x in (la, lb) else x for x in label]
        groups.union(a, b)
    for i in range(n):
        root = groups.find(i)
        assert root == label[i] == min(j for j in range(n) if label[j] == label[i])


def test_cluster_similarity_is_the_lowest_pair_of_members(long_words: list[list[str]]) -> None:
    tokens = long_words[8]
    original = window(tokens, 0)
    texts = [
        original,
        original.upper(),  # exact copy
        "« " + original.replace(" ", " — ") + " »",  # exact copy
        window(tokens, 12),  # near copy of the original: 188 of its 200 words
        window(long_words[9], 0),  # another article
        window(long_words[9], 0).title(),  # its exact copy
    ]
    signed = signatures(texts, PARAMS)
    near = jaccard(signed.shingle_set(0), signed.shingle_set(3))
    assert near == pytest.approx(exact_jaccard(tokens[:200], tokens[12:212]))
    assert 0.85 < near < 0.9
    assert find_clusters(signed, PARAMS) == [Cluster((0, 1, 2, 3), round(near, 4)), Cluster((4, 5), 1.0)]
