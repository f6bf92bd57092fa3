"""Page furniture (issue 19 item 1): recognised by bias.segment, shown but not labelled or counted by the report.

No model: reports are built from segmented articles and made-up probabilities, so the tests pin what the report
step does with the segmentation signals whatever the model says."""
from __future__ import annotations

import json

import numpy as np
import pytest

from bias.report import SCHEMA_PATH, build_report
from bias.segment import furniture_reason, segment_text

TOOL = {"name": "bias", "version": "test", "model": "none", "encoder": "none"}

ARTICLE = """City Council Approves Harbor Budget

By Ann Lee

Share this story!
The council approved the harbor budget on Tuesday by a vote of 7-2.
The plan is a disgrace and a betrayal of every taxpayer in the city.
Read more
Photo: A crane lifts a container at the harbor. Dana Ruiz / Getty Images
IMG_20240502_0931.jpg
Repairs to the north pier begin in July, the harbor office said.
Subscribe to our newsletter for the latest updates.
The Associated Press contributed to this report.
Ann Lee is a reporter for the Daily Example who covers city hall.
"""


def _report(article, opinion_for=lambda s: False):
    probs = np.array([[0.05, 0.05, 0.9] if opinion_for(s) else [0.8, 0.1, 0.1] for s in article.sentences])
    return build_report(article, probs, TOOL)


@pytest.mark.parametrize("text", [
    "Share this story!", "Read more", "Subscribe to our newsletter for the latest updates.",
    "The Associated Press contributed to this report.", "Reporting by Jane Doe; Editing by John Roe",
    "Dana Ruiz / Getty Images", "REUTERS/Axel Example", "Photo by Dana Ruiz", "Contributing: Ann Lee",
    "Follow Ann Lee on Twitter: @annlee", "Get breaking news alerts and special reports.",
    "You can unsubscribe at any time.", "<tweet tweet-id=\"123456789\"><tweet/>.",
    "The views expressed in this article are those of the author and do not necessarily reflect ours.",
    "Article posted with permission from Example Media", "FULL TEXT.", "BANKING.", "- Reuters.",
    "— Ann Lee", "View full results: http://bit.ly/1AbCdEf.", "1/3.",
    "[L1N000000]", "IMG_20240502_0931.jpg", "Follow him on Twitter: @example.", "”", "!",
    "— Jane Example (@janeexample) March 22, 2019", "#Harbor #Budget https://t.co/abcdefgh",
    "pic.twitter.com/AbCdEfGh", "CLICK HERE TO GET THE EXAMPLE NEWS APP", "Check out the full trailer below.",
    "ABSTRACT.", "Advertisement", "Let our news meet your inbox.",
    # notes on a quotation, credits and contacts, gallery and shop widgets, a citation line (seen in PTC train)
    "[emphasis added]", "” (Italics added.)", "[Editors' note: This piece first ran in May.]",
    "(Reporting by Jane Doe; Editing by John Roe)", "jdoe@example.com", "• Email: jdoe@example.com | Twitter: jdoe",
    "(Reuters photo: Jane Doe)", "Read the Whole Article", "(@janeexample) October 10, 2017", "next Image 1 of 2",
    "Buy New $17.99 (as of 03:35 EDT - Details)", "A Section on 05/24/2018",
    "More AP sports: https://apnews.com/sports and https://twitter.com/AP_Sports",
    "“Harbor Vote Delayed,” by Jane Doe, The Example Post, June 8, 2018:",
])
def test_furniture_lines_are_recognised(text):
    assert furniture_reason(text, text) is not None, text


@pytest.mark.parametrize("text", [
    "The council approved the harbor budget on Tuesday by a vote of 7-2.",
    "“It is a good day,” the mayor said.", "Now.", "Shameful!", "MUELLER IS DONE.",
    "Correction: An earlier version of this article gave the wrong date.",
    "A crane lifts a container at the harbor on Tuesday.", "Sen. Ann Lee spoke to reporters in the capitol.",
    "Officials said the pier would reopen in July, according to the harbor office.",
    "Fantastic point from @example on the radio this morning!", "Vermont", "Indiana.",
    "FILE PHOTO: A logo is pictured at a meeting in Berlin.",  # a caption: labelled like a sentence (§8)
    "And I have never seen the plague,” she told the AFP.", "The shares rose, Reuters reported.",
    "The emphasis was added by the editor.", "Email: the council said it had received none.",
    "“The plan is dead,” by all accounts, Reuters said.", "Source: the ministry said 40 people died.",
])
def test_sentences_are_not_furniture(text):
    assert furniture_reason(text, text) is None, text


def test_author_bio_only_at_the_end():
    bio = "Ann Lee is a reporter for the Daily Example who covers city hall."
    assert furniture_reason(bio, bio, tail=True) == "author bio"
    assert furniture_reason(bio, bio, tail=False) is None


def test_dateline_on_its_own_and_before_a_dash():
    line = "HARBORTOWN, Ore. — The council approved the harbor budget on Tuesday."
    art = segment_text("Council Votes\n\n" + line + "\nThe vote was 7-2.")
    kinds = [(s.kind, s.text) for s in art.sentences if s.kind != "headline"]
    assert kinds[0] == ("furniture", "HARBORTOWN, Ore.")
    assert kinds[1][0] == "body"


def test_segmentation_marks_furniture_and_keeps_it_out_of_headings():
    art = segment_text(ARTICLE)
    assert art.headline.text == "City Council Approves Harbor Budget"
    assert [s.heading for s in art.sections] == [None]  # "Read more", the photo id: not headings
    kinds = {s.text: s.kind for s in art.sentences}
    for text in ("Share this story!", "Read more", "IMG_20240502_0931.jpg", "Dana Ruiz / Getty Images",
                 "Subscribe to our newsletter for the latest updates.",
                 "The Associated Press contributed to this report.",
                 "Ann Lee is a reporter for the Daily Example who covers city hall."):
        assert kinds[text] == "furniture", text
    assert kinds["Photo: A crane lifts a container at the harbor."] == "body"  # a caption is labelled (§8)
    assert kinds["The council approved the harbor budget on Tuesday by a vote of 7-2."] == "body"
    assert kinds["Repairs to the north pier begin in July, the harbor office said."] == "body"
    for s in art.sentences:
        assert art.text[s.start:s.end] == s.text


def test_junk_is_not_a_heading_but_real_headings_stay():
    text = ("Harbor Plan\n\nThe council voted on Tuesday.\n\nRead More\n\nThe pier reopens in July.\n\n"
            "IMG_0042.JPG\n\nWhat Comes Next\n\nThe council meets again in May.\n\nStop lying\n\n"
            "The mayor answered her critics.")
    art = segment_text(text)
    assert [s.heading.text for s in art.sections if s.heading] == ["What Comes Next"]
    by_text = {s.text: s.kind for s in art.sentences}
    assert by_text["Read More"] == "furniture" and by_text["IMG_0042.JPG"] == "furniture"
    assert by_text["Stop lying"] == "body"  # a sentence, not a section heading


def test_lines_broken_after_a_title_or_abbreviation_are_joined():
    text = ("Deal Watch\n\nIt would keep Britain in the E.U.\npermanently.\n"
            "Appearing on television, former Gov.\nAnn Example predicted an indictment.\nThe vote is in May.")
    art = segment_text(text)
    body = [" ".join(s.text.split()) for s in art.sentences if s.kind == "body"]
    assert body == ["It would keep Britain in the E.U. permanently.",
                    "Appearing on television, former Gov. Ann Example predicted an indictment.",
                    "The vote is in May."]


def test_report_does_not_label_or_count_furniture():
    art = segment_text(ARTICLE)
    furniture = [s.index for s in art.sentences if s.kind == "furniture"]
    assert len(furniture) >= 6
    # the model would call every furniture line opinion: none of it may reach a share, index or finding
    report = _report(art, opinion_for=lambda s: s.kind == "furniture" or "disgrace" in s.text)
    for i in furniture:
        assert report.sentences[i].label is None and report.sentences[i].kind == "furniture"
    scored = [s for s in report.sentences if s.kind != "furniture"]
    assert sum(v.count for v in report.summary.values()) == len(scored)
    assert report.summary["opinion"].count == 1
    shares = report.indices["label_shares"]
    assert shares["opinion"]["sentences"] == 1
    assert sum(v["sentences"] for v in shares.values()) == len([s for s in scored if s.kind == "body"])
    assert report.indices["opinion_separation"]["opinion_in_news_body"] == 1
    assert not set(furniture) & set(report.indices["opinion_separation"]["evidence"]["sentences"])
    finding = next(f for f in report.findings if f["id"] == "page_furniture")
    assert finding["evidence"]["sentences"] == furniture
    assert "1 of 1 opinion sentence is mixed" in next(f["text"] for f in report.findings
                                                     if f["id"] == "opinion_separation")


def test_furniture_in_the_json_schema_csv_text_and_html():
    import jsonschema
    from rich.console import Console

    from bias.render.text import render_text

    art = segment_text(ARTICLE + "<script>alert(1)</script> Read more\n")
    report = _report(art)
    data = json.loads(report.to_json())
    jsonschema.validate(data, json.loads(SCHEMA_PATH.read_text(encoding="utf-8")))
    bad = json.loads(report.to_json())
    i = next(s["index"] for s in bad["sentences"] if s["kind"] == "furniture")
    bad["sentences"][i]["label"] = "opinion"  # furniture must not carry a label
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, json.loads(SCHEMA_PATH.read_text(encoding="utf-8")))
    rows = report.to_csv().splitlines()
    share_row = next(r for r in rows if "Share this story!" in r)
    assert ",furniture," in share_row and ",,," in share_row  # kind furniture, empty label
    html = report.to_html()
    assert 'class="sentence furniture"' in html and "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    console = Console(record=True, width=200)
    render_text(report, console)
    out = console.export_text()
    assert "[furniture]    Share this story!" in out
    from bias.report import Report

    again = Report.from_json(report.to_json())
    assert [s.label for s in again.sentences] == [s.label for s in report.sentences]


def test_a_signature_tail_is_furniture_without_a_post():
    """"(@handle) date" alone on its line (the name part of the signature stands on the line before) is furniture;
    with no name to attribute, it makes no embedded post (and segmentation does not fail on it)."""
    from bias.segment import segment_text

    article = segment_text("Harbor vote delayed\n\nShameful!\n(@example_acct) October 10, 2017\n\nThe mayor spoke.")
    kinds = [(s.text, s.kind, s.furniture_reason) for s in article.sentences]
    assert ("(@example_acct) October 10, 2017", "furniture", "signature tail") in kinds
    assert not article.embeds


# --- issue 19, second round: rules read on the whole line or on the lines around it (invented examples) -----------

def _kinds(text):
    art = segment_text(text)
    return {s.text: (s.kind, s.furniture_reason) for s in art.sentences}, art


def _reasons(text):
    """{sentence text: its furniture rule, None for a sentence} and the article."""
    kinds, art = _kinds(text)
    return {t: reason for t, (_, reason) in kinds.items()}, art


def test_a_related_link_prefix_covers_the_whole_line():
    kinds, _ = _kinds("Harbor Vote Delayed\n\nThe council met on Tuesday.\n"
                      "More: Who sits on the council? A quick guide\n"
                      "© Provided by Example Media Inc. Ann Example\n"
                      "The vote is in May. A guide to the vote follows.")
    assert kinds["A quick guide"][0] == "furniture"
    assert kinds["Ann Example"][0] == "furniture"
    assert kinds["A guide to the vote follows."][0] == "body"  # a second sentence on a line without a prefix


def test_an_inline_heading_split_at_its_question_mark():
    kinds, _ = _kinds("Harbor Vote Delayed\n\nThe council met on Tuesday.\n– Why now? –.\nThe vote is in May.")
    assert kinds["– Why now?"][0] == "furniture"
    assert kinds["The vote is in May."][0] == "body"


def test_a_lone_lower_case_word_or_letter_is_a_fragment():
    assert furniture_reason("of.", "of.") == "fragment"
    assert furniture_reason("Z.", "Z.") == "fragment"
    for text in ("A.", "Now.", "Enough."):  # an English word, a one-word sentence
        assert furniture_reason(text, text) is None, text


def test_a_town_and_state_alone_on_a_line():
    assert furniture_reason("Harbortown, Ore.", "Harbortown, Ore.") == "place line"
    assert furniture_reason("Example City, Ohio", "Example City, Ohio") == "place line"
    line = "Harbortown, Ore., voted on Tuesday."
    assert furniture_reason(line, line) is None


def test_source_citation_with_a_thanks_and_obituary_request():
    line = "“Harbor Vote Delayed,” by Jane Doe, The Example Post, June 8, 2018 (thanks to Ann):"
    assert furniture_reason(line, line) == "source citation"
    line = "In lieu of flowers, donations may be sent to the Harbor Fund."
    assert furniture_reason(line, line) == "call to action"
    line = "In lieu of a vote, the council sent the plan back."
    assert furniture_reason(line, line) is None


def test_a_reader_poll_between_its_prompt_and_form_field():
    art = segment_text("Harbor Vote Delayed\n\nThe council met on Tuesday.\ntake our poll - story continues below\n"
                       "Should the pier reopen?\n* Yes, it should reopen.\nNo, keep it closed.\nEmail *\n"
                       "The vote is in May.\nShould the pier reopen?\nNo, keep it closed.")
    poll = [s for s in art.sentences if s.furniture_reason == "poll widget"]
    assert [s.text for s in poll] == ["Should the pier reopen?", "* Yes, it should reopen.", "No, keep it closed."]
    assert [s.kind for s in art.sentences[-3:]] == ["body", "body", "body"]  # the same lines after the form


def test_a_list_of_related_stories_after_its_header():
    kinds, _ = _reasons("Harbor Vote Delayed\n\nThe council met on Tuesday.\n\"Related:\"\n"
                         "Mayor Puts Pier Plan On The Table For A Vote.\nCouncil Members Clash Over The Harbor Budget.\n"
                         "The vote is in May.\nMayor Puts The Question To Voters In A Letter.")
    assert kinds["Mayor Puts Pier Plan On The Table For A Vote."] == "related link"
    assert kinds["Council Members Clash Over The Harbor Budget."] == "related link"
    assert kinds["The vote is in May."] is None
    assert kinds["Mayor Puts The Question To Voters In A Letter."] is None  # no header above it


def test_labelled_headlines_next_to_related_links():
    kinds, _ = _reasons("Harbor Vote Delayed\n\nThe council met on Tuesday.\n"
                         "Pier fight: The harbor is split. Can the mayor win?\n"
                         "Kickoff: Council race opens in Harbortown with a focus on the pier\n"
                         "More: Who sits on the council and what they want\n"
                         "The vote is in May.\n"
                         "Poll: Most residents back the harbor budget in a new survey\n"
                         "Update: The council said the vote would be held in May.")
    assert kinds["Pier fight: The harbor is split."] == "related link"
    assert kinds["Can the mayor win?"] == "related link"
    assert kinds["Kickoff: Council race opens in Harbortown with a focus on the pier"] == "related link"
    assert kinds["Poll: Most residents back the harbor budget in a new survey"] == "related link"  # standing alone
    assert kinds["The vote is in May."] is None
    assert kinds["Update: The council said the vote would be held in May."] is None  # a sentence with a full stop


def test_name_lines_three_in_an_article_or_over_a_town():
    kinds, _ = _reasons("Readers Weigh In\n\nThe pier should reopen now.\nAnn Example.\n\nKeep it closed.\n"
                         "Jo T. Sample.\nHarbortown, Ore.\n\nLet the voters decide.\nLee Doe.\n")
    assert kinds["Ann Example."] == kinds["Jo T. Sample."] == kinds["Lee Doe."] == "name line"
    assert kinds["Harbortown, Ore."] == "place line"
    art = segment_text("Readers Weigh In\n\nThe pier should reopen now.\nBig Mistake.\n\nKeep it closed.")
    assert all(s.kind != "furniture" for s in art.sentences)  # one such line alone: a sentence
    kinds, _ = _reasons("Readers Weigh In\n\nThe pier should reopen now.\nAnn Example.\nHarbortown, Ore.")
    assert kinds["Ann Example."] == "name line"


def test_a_shop_widget_and_its_truncated_title():
    kinds, art = _reasons("Harbor Vote Delayed\n\nThe council met on Tuesday.\nHarbors of the Pacif...\n"
                         "Ann Example Best Price: $2.00 Buy New $17.99 (as of 03:35 EDT - Details) He had sold the "
                         "pier in May.\nThe vote is in May.")
    assert kinds["Harbors of the Pacif..."] == "share or subscribe"
    assert kinds["Ann Example Best Price: $2.00 Buy New $17.99 (as of 03:35 EDT - Details)"] == "share or subscribe"
    assert kinds["He had sold the pier in May."] is None
    for s in art.sentences:
        assert art.text[s.start:s.end] == s.text


def test_a_quoted_section_heading_in_capitals():
    art = segment_text("Harbor Vote Delayed\n\nThe council met on Tuesday.\n‘A LONG WAIT’\nThe vote is in May.\n"
                       "“It is a long wait,” she said.")
    assert [s.heading.text for s in art.sections if s.heading] == ["‘A LONG WAIT’"]
    assert any(s.text == "“It is a long wait,” she said." and s.kind == "body" for s in art.sentences)


def test_segmentation_keeps_s_and_p_and_a_time_with_its_day():
    art = segment_text("Markets\n\nThe S.&P. 500 rose 1 percent.\nAt 6:30 a.m. Monday, agents answered a call.")
    body = [s.text for s in art.sentences if s.kind == "body"]
    assert body == ["The S.&P. 500 rose 1 percent.", "At 6:30 a.m. Monday, agents answered a call."]


# --- classes found on the furniture check set (data/furniture_check): fresh articles, three rounds -----------------

@pytest.mark.parametrize("text, reason", [
    ("Think your friends would be interested?", "share or subscribe"),
    ("to Example newsletter to get stories others won’t tell you.", "share or subscribe"),
    ("Example Radio Daily airs on SiriusXM Patriot 125 weekdays from 6:00 a.m. to 9:00 a.m. Eastern.",
     "share or subscribe"),
    ("By Ann Example.", "byline"), ("March 22, 2019:", "dateline"), ("Friday, December 4, 2015.", "dateline"),
    ("Dana Ruiz / Example News", "photo credit"), ("$XMPL(via @annexample) Qx7Yz9Ab</tweet>.", "embed residue"),
])
def test_more_furniture_lines(text, reason):
    assert furniture_reason(text, text) == reason, text


@pytest.mark.parametrize("text", [
    # a shouted lead sentence is a sentence; a tweet's own sentence before its closing tag is quoted material
    "THE COUNCIL WILL NOT RAISE TAXES THIS YEAR, THE MAYOR ANNOUNCED ON FRIDAY EVENING AT CITY HALL.",
    "It is dangerous, too.https://t.co/abcdefgh — Ann Example (@annexample) August 2, 2016</tweet>.",
    "Prayers are with Harbortown</tweet>.", "By the way, the council met.", "May 2019 was wet.",
])
def test_more_sentences_that_are_not_furniture(text):
    assert furniture_reason(text, text) is None, text


def test_sentence_boundaries_after_abbreviations_commas_and_tickers():
    text = ("Harbor Notes\n\nThe show airs from 6:00 a.m.\xa0to 9:00 a.m.\xa0Eastern.\n\n"
            "Sen. Ann Example, D-Ore., was the first to speak.\n\n"
            "“It is a waste,” said Del. Jo Example of the Virgin Islands.\n\n"
            "The dollar .XMPL firmed against a basket of currencies.\n\n"
            "Jo Example is the No.\n\n1 critic of the plan in Congress.\n\n"
            "He fights three rivals at once – i.e.\nagainst the council, the mayor and the port.\n\n"
            "The town is Dover, Del. The port is closed.")
    body = [" ".join(s.text.split()) for s in segment_text(text).sentences if s.kind == "body"]
    assert body == ["The show airs from 6:00 a.m. to 9:00 a.m. Eastern.",
                    "Sen. Ann Example, D-Ore., was the first to speak.",
                    "“It is a waste,” said Del. Jo Example of the Virgin Islands.",
                    "The dollar .XMPL firmed against a basket of currencies.",
                    "Jo Example is the No. 1 critic of the plan in Congress.",
                    "He fights three rivals at once – i.e. against the council, the mayor and the port.",
                    "The town is Dover, Del.", "The port is closed."]


PARAGRAPH = ("The harbor board met on Tuesday evening and spent most of its four hours on the dredging contract, "
             "which has run over budget twice since the spring.")


def test_column_subheads_two_or_more_between_long_paragraphs():
    text = "\n\n".join(["Harbor Column", PARAGRAPH, "Flawless execution.", PARAGRAPH, PARAGRAPH,
                        "Unpredictable outcome.", PARAGRAPH, "Ann Example is the former mayor of Harbortown."])
    kinds = {s.text: (s.kind, s.furniture_reason) for s in segment_text(text).sentences}
    assert kinds["Flawless execution."] == ("furniture", "subheading")
    assert kinds["Unpredictable outcome."] == ("furniture", "subheading")
    assert kinds["Ann Example is the former mayor of Harbortown."] == ("furniture", "author bio")


@pytest.mark.parametrize("lines", [
    ["Flawless execution.", PARAGRAPH, PARAGRAPH],  # one alone: the writer's own fragment
    ["Big mistake.", PARAGRAPH, "Not at all.", PARAGRAPH],  # a negation: the writer speaking
    ["It failed.", PARAGRAPH, PARAGRAPH, "They lost.", PARAGRAPH],  # pronouns: sentences
    ["Wrong.", "Really wrong.", PARAGRAPH],  # a run of short lines, not spread subheads
])
def test_short_lines_that_stay_sentences(lines):
    text = "\n\n".join(["Harbor Column", PARAGRAPH] + lines + [PARAGRAPH, "The board meets again in May."])
    art = segment_text(text)
    short = [s for s in art.sentences if s.kind != "headline" and len(s.text.split()) <= 3]
    assert short and all(s.kind == "body" for s in short), [(s.text, s.kind) for s in short]


@pytest.mark.parametrize("last", [
    "Jo Example was the first mayor to resign over the dredging contract.",  # the past: the story's last subject
    "Jo Example is the new harbor master.",  # named in the body above: a subject of the story, not its writer
])
def test_a_news_story_ending_on_a_person_is_not_a_bio(last):
    text = "\n\n".join(["Harbor Vote", PARAGRAPH, "The board thanked Jo Example for her work.", PARAGRAPH, last])
    assert all(s.kind == "body" for s in segment_text(text).sentences if s.kind != "headline")


def test_an_all_caps_question_is_a_heading():
    text = "Explainer\n\nThe board voted.\n\nWHAT HAPPENS NEXT?\n\nThe port reopens in July."
    art = segment_text(text)
    assert [s.heading.text for s in art.sections if s.heading] == ["WHAT HAPPENS NEXT?"]


@pytest.mark.parametrize("text", [
    "Check Amazon for Pricing.", "The Best of Ann Example", "Please adhere to our commenting policy to avoid being banned.",
    "As a privately owned website, we reserve the right to remove any comment and ban any user at any time.",
    "Example Market Newsletter Get breaking news and insider analysis on the world of media.",
])
def test_site_widgets_and_boilerplate(text):
    assert furniture_reason(text, text) == "share or subscribe", text


def test_a_wire_credit_prefix_is_not_a_whole_sentence_credit():
    assert furniture_reason("REUTERS/Jo Example/File Photo", "REUTERS/Jo Example/File Photo") == "photo credit"
    poll = "Reuters/Ipsos polling in February showed that 58 percent of voters backed the plan."
    assert furniture_reason(poll, poll) is None


def _kinds_of_lines(lines):
    return {s.text: (s.kind, s.furniture_reason) for s in segment_text("\n\n".join(lines)).sentences}


def test_a_signature_on_the_last_line_and_a_letter_writers_town():
    kinds = _kinds_of_lines(["Harbor Letters", PARAGRAPH, "Jo Example.", "Harbortown Ore.", PARAGRAPH, "Ann Example."])
    assert kinds["Jo Example."] == ("furniture", "name line")
    assert kinds["Harbortown Ore."] == ("furniture", "place line")
    assert kinds["Ann Example."] == ("furniture", "name line")
    for last in ("Enter President Example.", "Seriously Example."):  # the writer's last word, not a signature
        assert _kinds_of_lines(["Harbor Column", PARAGRAPH, last])[last] == ("body", None)


def test_the_headline_repeated_in_the_body():
    kinds = _kinds_of_lines(["What Happens After the Vote?", "A subtitle that says what the vote was about, in one line.",
                    "What Happens After the Vote?", PARAGRAPH])
    assert kinds["A subtitle that says what the vote was about, in one line."] == ("body", None)
    assert [k for t, k in kinds.items() if t == "What Happens After the Vote?"] == [("furniture", "repeated line")]


def test_an_author_name_before_a_shop_widget():
    art = segment_text("Harbor Books\n\n" + PARAGRAPH + "\nThe Example writes: Harbors of th... Ann B. Example Jr. "
                       "Best Price: $12.99 Buy New $9.05 (as of 10:25 EDT - Details)\n" + PARAGRAPH)
    kinds = {s.text: s.kind for s in art.sentences}
    assert kinds["Ann B. Example Jr."] == "furniture"


def test_a_bio_of_several_lines_after_the_share_line():
    lines = ["Harbor Column", PARAGRAPH, PARAGRAPH, "Tweet, Post, Forward, Subscribe or Bookmark us",
             "Since May 2009, Ann Example has written hundreds of articles for several websites.",
             "Her work has been quoted on national radio.", "She lives in Harbortown."]
    kinds = _kinds_of_lines(lines)
    assert all(kinds[t][0] == "furniture" for t in lines[3:]), kinds  # the share line too: never a heading
    assert kinds[PARAGRAPH] == ("body", None)
    # without the share line above it, a line about someone's writing is the article's
    news = _kinds_of_lines(["Harbor Books", PARAGRAPH, "Ann Example has written hundreds of articles on the harbor.", PARAGRAPH])
    assert news["Ann Example has written hundreds of articles on the harbor."] == ("body", None)


def test_interjections_between_paragraphs_are_not_subheads():
    lines = ["Harbor Column", PARAGRAPH, "Nowhere.", PARAGRAPH, PARAGRAPH, "Hi ho.", PARAGRAPH, PARAGRAPH]
    kinds = _kinds_of_lines(lines)
    assert kinds["Nowhere."] == ("body", None) and kinds["Hi ho."] == ("body", None)


@pytest.mark.parametrize("text, reason", [
    ("REUTERS/Ann B. Example/File Photo", "photo credit"), ("burs-ab/cd", "credit"),
    ("Close video Council passes the harbor bill Ann Example reports", "share or subscribe"),
    ("Related StoriesCouncil Changes Mind On Harbor PlanMayor Rips Council", "share or subscribe"),
    ("Sponsored Content By Example Ads", "share or subscribe"),
    ("Example Radio broadcasts live on SiriusXM Patriot 125 from 7:00 p.m. to 10:00 p.m. Eastern.",
     "share or subscribe"),
    ("Tweet, Post, Forward, Subscribe or Bookmark us", "share or subscribe"),
])
def test_video_and_sponsored_widgets_editors_initials_and_share_verb_lists(text, reason):
    assert furniture_reason(text, text) == reason, text


@pytest.mark.parametrize("text", [
    "and/or", "he/she", "Related stories about the harbor ran all week.",
    # the same words opening a sentence of the article
    "The best of the harbor's restaurants reopened on Monday.", "Close video surveillance of the port began in May.",
    "Sponsored content is a growing share of the paper's revenue.", "To the newsletter editors, the vote was a surprise.",
    "Midnight Mass.", "Very Ill.",  # a capitalised word and a state's abbreviation, no comma: not a town
])
def test_sentences_that_look_like_widgets_or_towns(text):
    assert furniture_reason(text, text) is None, text


@pytest.mark.parametrize("name", ["Kelly Example.", "Emily Example.", "Will Example."])
def test_given_names_ending_in_ly_or_spelled_like_words_still_sign(name):
    kinds = _kinds_of_lines(["Harbor Letters", PARAGRAPH, name, "Harbortown Ore.", PARAGRAPH])
    assert kinds[name] == ("furniture", "name line") and kinds["Harbortown Ore."] == ("furniture", "place line")


def test_a_last_line_of_a_names_shape_that_is_not_a_signature():
    assert _kinds_of_lines(["Harbor Column", PARAGRAPH, PARAGRAPH, "God Bless America."])["God Bless America."] == \
        ("body", None)


def test_a_writing_career_line_after_a_heading_is_not_a_bio_block():
    line = "Ann Example has written two books and many articles about the harbor."
    kinds = _kinds_of_lines(["Harbor News", PARAGRAPH, "Background", line, PARAGRAPH])
    assert kinds[line] == ("body", None) and kinds[PARAGRAPH] == ("body", None)


@pytest.mark.parametrize("lines, sentences", [
    (["Was the vote close?", "No.", "30 people voted for it."], ["Was the vote close?", "No.", "30 people voted for it."]),
    (["He moved to a farm in rural Del. The port is closed."], ["He moved to a farm in rural Del.", "The port is closed."]),
])
def test_an_answer_no_and_a_state_at_a_sentence_end_are_not_joined(lines, sentences):
    art = segment_text("\n\n".join(["Harbor Q&A"] + lines))
    assert [s.text for s in art.sentences if s.kind == "body"] == sentences


# ---- classes from the fresh dev4 round (session 11): archive fields, video-embed footers, ranking tables,
# newsletter pitches and a page's Facebook widget
@pytest.mark.parametrize("text, reason", [
    ("BYLINE: Ann Example.", "archive field"), ("LENGTH: 523 words", "archive field"),
    ("LOAD-DATE: March 4, 2016", "archive field"),
    ("Posted by Example County Sheriff's Office on Saturday, August 4, 2018", "embed residue"),
    ("Link to entire video: https://youtu.be/x1y2 Posted by Harbor Watch on Tuesday, September 25, 2018",
     "embed residue"),
    ("3. Ann Example (4.)", "ranking line"), ("1. Jo Q. Example (Last week:", "ranking line"),
    ("12. Lee Example (Last week: 11.)", "ranking line"), ("WEEK 13.", "category line"),
    ("Get all the latest news on the harbor and more delivered daily to your inbox.", "share or subscribe"),
    ("Like the page:", "share or subscribe"), ("Photo gallery by photo services", "photo credit"),
])
def test_archive_fields_video_footers_rankings_and_widgets(text, reason):
    assert furniture_reason(text, text) == reason, text


@pytest.mark.parametrize("text", [
    "The byline: Ann Example wrote it.", "Length: the pier is 500 feet long.",
    "The video was posted by the harbor office on Tuesday, September 25, 2018.",
    "3. Ann Example (4.) will lead the list next week.", "The week 13 vote is set.",
    "Ann Example said she liked the page: it was clear.", "I liked the page.",
    "Scammers say fake invoices sent directly to your inbox look real, experts warned.",
    "The phishing emails, delivered straight to your inbox, mimic bank alerts.",
    "Like the page's earlier posts, the new one attacked the mayor.", "Like our page, their site was hacked.",
    "Photo gallery by the AP shows the flood damage in Houston.", "SOURCE: I can't tell you that.",
    "LANGUAGE: The bill's language is vague.", "BYLINE: the reporter was not named in the filing.",
])
def test_sentences_near_the_archive_ranking_and_widget_shapes(text):
    assert furniture_reason(text, text) is None, text


def test_a_facebook_widget_question_goes_with_its_like_line():
    kinds, _ = _reasons("Harbor Vote Delayed\n\nThe council met on Tuesday.\n"
                        "Do you support Ann Example? Like the page:\n\nThe vote was 7-2.\n"
                        "Do you support the harbor plan? Many residents do.")
    assert kinds["Do you support Ann Example?"] == "share or subscribe"
    assert kinds["Like the page:"] == "share or subscribe"
    assert kinds["Do you support the harbor plan?"] is None and kinds["The vote was 7-2."] is None


def test_a_long_run_of_spaces_after_capitals_is_no_dateline_and_is_read_once():
    """The dateline pattern read a run of spaces two ways at each of its 40 starting lengths (3,000 spaces: 4 s)."""
    line = "WASHINGTON" + " " * 20000 + "x"
    assert furniture_reason(line, line) is None
    assert furniture_reason("WASHINGTON  (AP)  -", "WASHINGTON  (AP)  -") == "dateline"


def test_a_line_of_many_links_is_read_once():
    """The link-line pattern read the spaces between n links two ways each (2ⁿ tries before failing on a final word:
    77 links did not finish in 30 s); the verdicts stay as they were."""
    links = "Read: " + "http://example.com/a " * 200
    assert furniture_reason(links + "now", links + "now") is None
    assert furniture_reason(links.strip(), links.strip()) == "link line"
    assert furniture_reason("Links: http://a.example,http://b.example.", "Links: http://a.example,http://b.example.") \
        == "link line"
