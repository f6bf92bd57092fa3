"""Corpus loaders on ../shared/datasets, the gold set's integrity, and gold articles kept out of training."""
import pytest
import re

from bias.corpora.babe import load_babe
from bias.corpora.checkthat import load_checkthat
from bias.corpora.gold import gold_article_keys, load_gold
from bias.corpora.polnear import load_polnear
from bias.corpora.training import report_cue_forms, sentence_documents, polnear_documents


def test_checkthat_splits(datasets_root):
    dt = load_checkthat("dev_test", datasets_root)
    assert len(dt) == 484
    assert set(dt["label"]) == {"SUBJ", "OBJ"}


def test_polnear_spans_point_into_text(datasets_root):
    ds = load_polnear("dev", datasets_root)
    art = ds[0]
    att = art["attributions"][0]
    s, e = att["cue"][0]
    assert art["text"][s:e].strip()


def test_gold_set_size_and_hashes(datasets_root):
    dev, test = load_gold("dev", datasets_root), load_gold("test", datasets_root)
    assert len(dev) + len(test) >= 60
    scored = [sp for ds in (dev, test) for a in ds for sp in a["spans"] if sp["label"] != "skip"]
    assert len(scored) >= 1500
    assert not {a["article_id"] for a in dev} & {a["article_id"] for a in test}


def test_gold_articles_are_not_training_data(datasets_root):
    keys = gold_article_keys()
    gold = load_gold(root=datasets_root)
    norm = lambda t: re.sub(r"\W+", " ", t.lower()).strip()  # noqa: E731
    gold_texts = {norm(a["text"][s["start"]:s["end"]]) for a in gold for s in a["spans"]}
    links = {k.split(":", 1)[1] for k in keys if k.startswith("mbic:")}
    docs = sentence_documents(gold_texts, links, datasets_root)
    assert not any(norm(t) in gold_texts for d in docs for t in d.sentences)
    babe_links = {r["news_link"] for r in load_babe(datasets_root)}
    assert links & babe_links, "expected some gold MBIC articles to appear in BABE (so that exclusion matters)"
    pol = polnear_documents("dev", report_cue_forms(datasets_root),
                            {k.split(":", 1)[1] for k in keys if k.startswith("polnear:")}, None, 0, datasets_root)
    assert not {d.doc_id for d in pol} & {k.split(":", 1)[1] for k in keys}


def test_technique_lists_keep_names_that_contain_commas():
    from bias.corpora.ptc import parse_techniques

    assert parse_techniques("Loaded_Language,Name_Calling,Labeling,Exaggeration,Minimisation") == (
        "Loaded_Language", "Name_Calling,Labeling", "Exaggeration,Minimisation")
    with pytest.raises(ValueError, match="unknown PTC technique 'Name_Calling'"):
        parse_techniques("Name_Calling")


def test_subj_sentences_are_detokenized_and_balanced(datasets_root):
    from bias.corpora.subj import detokenize
    from bias.corpora.training import subj_documents
    from bias.labels import NOT_OPINION, label_mask

    assert detokenize("a fun movie , with ( some ) wit . ") == "a fun movie, with (some) wit."
    docs = subj_documents(40, 0, datasets_root)
    masks = [d.masks[0] for d in docs]
    assert len(docs) == 40 and masks.count(label_mask(["opinion"])) == masks.count(label_mask(NOT_OPINION)) == 20
    assert not any(re.search(r"\s[,.!?]", d.sentences[0]) for d in docs)
