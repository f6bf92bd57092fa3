from bias.segment import segment_html, segment_text


def _offsets_hold(article):
    for s in article.sentences:
        assert article.text[s.start:s.end] == s.text


def test_seed_structure(seed_text):
    art = segment_text(seed_text)
    _offsets_hold(art)
    assert art.headline.text.startswith("Biden Allows Ukraine")
    assert [b.text for b in art.bylines] == ["Written by David Harrison."]
    headings = [s.heading.text for s in art.sections if s.heading]
    assert headings == ["Strategic Military Moves", "Internal and International Disagreements",
                        "Moscow’s Response", "Our Take"]
    assert [s.opinion_heading for s in art.sections if s.heading] == [False, False, False, True]
    body = [s.text for s in art.sentences if s.kind == "body"]
    # headings and bylines are not sentences
    assert not any(t in body for t in headings + ["Written by David Harrison."])
    assert body[0].startswith("U.S. President Joe Biden has discreetly")
    assert any(t.startswith("According to a U.S. official, Biden has granted") for t in body)


def test_abbreviations_and_headings():
    text = ("Senate Passes Bill\n\nBy Jane Roe\n\nSen. John A. Smith Jr. of N.Y. spoke at 3 p.m. on Tuesday. "
            "The U.S. economy grew 2.1 percent, according to Dr. Lee.\n\nWhat Comes Next\n\n"
            "The House votes next week.")
    art = segment_text(text)
    _offsets_hold(art)
    body = [s.text for s in art.sentences if s.kind == "body"]
    assert body == ["Sen. John A. Smith Jr. of N.Y. spoke at 3 p.m. on Tuesday.",
                    "The U.S. economy grew 2.1 percent, according to Dr. Lee.",
                    "The House votes next week."]
    assert art.bylines[0].text == "By Jane Roe"
    assert [s.heading.text for s in art.sections if s.heading] == ["What Comes Next"]


def test_quotation_over_paragraphs_is_tracked():
    text = ("Mayor Speaks\n\nThe mayor spoke on Friday. “We will rebuild the bridge. It will take two years.\n\n"
            "“Nobody should doubt it,” she said. Traffic resumed on Monday.")
    art = segment_text(text)
    by_text = {s.text: s for s in art.sentences}
    assert by_text["The mayor spoke on Friday."].starts_in_quote is False
    # pysbd keeps the quoted sentences together or apart; whichever it does, a later piece inside the open quote is marked
    inside = [s for s in art.sentences if s.text.startswith("It will take")]
    assert all(s.starts_in_quote for s in inside)
    assert by_text["Traffic resumed on Monday."].starts_in_quote is False


def test_html_page_extracts_text_and_metadata():
    html = """<!doctype html><html><head><title>Council Approves Budget - The Daily Example</title>
    <meta name="author" content="Ann Lee"><meta property="og:site_name" content="The Daily Example">
    <meta property="article:published_time" content="2024-05-02"></head>
    <body><nav>Home | World | Sports</nav><article><h1>Council Approves Budget</h1>
    <p>The city council approved the budget on Tuesday by a vote of 7-2, after a debate that lasted four hours.</p>
    <p>“This is a responsible plan,” said council member Ana Ruiz, who chairs the finance committee.</p>
    <p>The budget takes effect in July and includes new money for road repairs across the city.</p></article>
    <footer>Copyright 2024</footer></body></html>"""
    art = segment_html(html)
    _offsets_hold(art)
    assert art.headline.text == "Council Approves Budget"
    assert art.metadata.get("author") == "Ann Lee"
    assert "Home | World" not in art.text and "Copyright" not in art.text
    assert any("responsible plan" in s.text for s in art.sentences)


def test_sentence_pieces_equal_pysbd_segment():
    """bias locates pysbd's sentences with str.find (no regex compiled per sentence); the pieces must be exactly
    those of pysbd's own non-destructive segment(), repeated sentences and abbreviations included."""
    import pysbd

    from bias.segment import _pysbd_pieces

    reference = pysbd.Segmenter(language="en", clean=False)
    paragraphs = [
        "Mr. Smith went to Washington.  He said no. He said no. Then he left…",
        "The U.S. economy grew 2.5 % in Q3. Dr. Jones (of the I.M.F.) disagreed.\tShe cited p. 4.",
        "“It is over,” she said. “It is over.”  It was. ",
        "No. No. No.",
        "A sentence with a non-breaking\u00a0space.\u00a0Another one?\u2003Yes!",
        "",
    ]
    for p in paragraphs:
        assert _pysbd_pieces(p) == reference.segment(p)
