// The bias page: sends the article to this server's own API and shows the HTML report in a sandboxed iframe.
// No other URL is ever fetched; every string from the article or the server is set as text, never as markup.
"use strict";

(function () {
  const $ = (id) => document.getElementById(id);
  const form = $("input"), area = $("article"), fileInput = $("file"), button = $("submit");
  const status = $("status"), result = $("result"), summary = $("summary"), download = $("download");
  const frame = $("report");
  let downloadUrl = null;

  function kind() {
    return document.querySelector("input[name=kind]:checked").value;
  }

  function setKind(value) {
    document.querySelector(`input[name=kind][value=${value === "html" ? "html" : "text"}]`).checked = true;
  }

  function say(message, isError) {
    status.textContent = message;
    status.classList.toggle("error", Boolean(isError));
  }

  async function errorMessage(response) {
    try {
      const body = await response.json();
      return `${response.status}: ${body.detail || body.error || response.statusText}`;
    } catch (e) {
      return `${response.status}: ${response.statusText}`;
    }
  }

  async function post(path, body) {
    const response = await fetch(path, {
      method: "POST",
      headers: {"Content-Type": "application/json", "Accept": "application/json, text/html"},
      body: body,
      credentials: "same-origin",
      cache: "no-store",
      redirect: "error",
    });
    if (!response.ok) {
      throw new Error(await errorMessage(response));
    }
    return response;
  }

  function describe(report) {
    const s = report.summary || {};
    const n = (k) => (s[k] ? s[k].count : 0);
    // page furniture is shown but not labelled: it is not among the sentences counted here
    const total = (report.sentences || []).filter((x) => x.kind !== "furniture").length;
    return `${total} sentences: ${n("reported_fact")} reported fact, ${n("attributed_claim")} attributed claim, ` +
      `${n("opinion")} opinion; ${(report.ledger || []).length} sources cited`;
  }

  function fitFrame() {
    try {  // the frame is same-origin (sandbox allow-same-origin, never allow-scripts), so its height is readable
      const doc = frame.contentDocument;
      if (doc && doc.documentElement) {
        frame.style.height = `${Math.max(400, doc.documentElement.scrollHeight + 24)}px`;
      }
    } catch (e) {
      /* keep the stylesheet's height */
    }
  }

  frame.addEventListener("load", fitFrame);

  fileInput.addEventListener("change", () => {
    const file = fileInput.files && fileInput.files[0];
    if (!file) {
      return;
    }
    setKind(/\.(html?|xhtml)$/i.test(file.name) || file.type === "text/html" ? "html" : "text");
    const reader = new FileReader();
    reader.onload = () => {
      area.value = String(reader.result);
      say(`Loaded ${file.name} (${file.size.toLocaleString()} bytes). Press Analyse.`);
    };
    reader.onerror = () => say(`Could not read ${file.name}.`, true);
    reader.readAsText(file);
  });

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const text = area.value;
    if (!text.trim()) {
      say("Paste an article or open a file first.", true);
      return;
    }
    const body = JSON.stringify(kind() === "html" ? {html: text} : {text: text});
    button.disabled = true;
    say("Analysing…");
    try {
      const report = await (await post("/v1/analyze", body)).json();
      const page = await (await post("/v1/analyze?format=html", body)).text();
      if (downloadUrl) {
        URL.revokeObjectURL(downloadUrl);
      }
      downloadUrl = URL.createObjectURL(new Blob([JSON.stringify(report, null, 2)], {type: "application/json"}));
      download.href = downloadUrl;
      summary.textContent = describe(report);
      frame.srcdoc = page;
      result.hidden = false;
      say("Done.");
    } catch (e) {
      say(`Could not analyse the article: ${e.message}`, true);
    } finally {
      button.disabled = false;
    }
  });
})();
