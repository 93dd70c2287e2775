/*
 * The Promote tab's live SEO guidance (seo/panels.py renders the markup).
 *
 * seo-count: the length of the title tag or the meta description, counted as
 * the editor types, with the limits and the site's title suffix the page was
 * rendered with (the same ones seo/checks.py judges by).
 *
 * seo-live: the search-result preview and the SEO checklist. A short pause
 * after the editor stops typing, the whole edit form is posted to the CMS,
 * which works both out from the unsaved values (seo/views.py) and saves
 * nothing.
 */
(() => {
  const { Controller } = window.StimulusModule;

  // Characters as Python counts them: an emoji is one, not two.
  const length = (text) => [...text].length;
  const oneLine = (text) => text.split(/\s+/).filter(Boolean).join(" ");

  class CountController extends Controller {
    static values = {
      kind: String,
      label: String,
      input: String,
      fallback: String,
      fallbackLabel: String,
      min: Number,
      max: Number,
      suffix: String,
      brand: String,
    };

    connect() {
      this.update = this.update.bind(this);
      this.fields = [this.inputValue, this.fallbackValue]
        .filter(Boolean)
        .map((id) => document.getElementById(id))
        .filter(Boolean);
      this.fields.forEach((field) => field.addEventListener("input", this.update));
      const input = this.fields[0];
      if (input) {
        // Read with the field, after its help text.
        const described = (input.getAttribute("aria-describedby") || "").split(" ");
        if (!described.includes(this.element.id)) {
          described.push(this.element.id);
          input.setAttribute("aria-describedby", described.filter(Boolean).join(" "));
        }
      }
      this.update();
    }

    disconnect() {
      this.fields.forEach((field) => field.removeEventListener("input", this.update));
    }

    value(id) {
      const field = id && document.getElementById(id);
      return field ? field.value : "";
    }

    // seo.site_settings.SEOSettings.full_title: the suffix is added unless the
    // title already ends with the site's name.
    titleTag(title) {
      if (!this.suffixValue || !title) return title;
      const brand = this.brandValue.toLocaleLowerCase();
      if (brand && title.toLocaleLowerCase().endsWith(brand)) return title;
      return `${title} ${this.suffixValue}`;
    }

    state(size) {
      if (!size) return ["missing", "missing"];
      if (size < this.minValue) return ["short", "too short"];
      if (size > this.maxValue) return ["long", "too long"];
      return ["good", "good"];
    }

    update() {
      const aim = `Aim for ${this.minValue}–${this.maxValue} characters.`;
      if (this.kindValue === "description") {
        const typed = oneLine(this.value(this.inputValue));
        if (!typed) {
          const instead = `not written, so search engines get ${this.fallbackLabelValue}. `;
          this.show("fallback", `${this.labelValue}: ${instead}`, "", aim);
          return;
        }
        const size = length(typed);
        const [state, word] = this.state(size);
        this.show(state, `${this.labelValue}: ${size} characters, `, word, `. ${aim}`);
        return;
      }
      const typed = this.value(this.inputValue).trim();
      const title = typed || this.value(this.fallbackValue).trim();
      const subject =
        typed || !title ? this.labelValue : `${this.labelValue}, from ${this.fallbackLabelValue}`;
      const tag = this.titleTag(title);
      const size = length(tag);
      const [state, word] = this.state(size);
      if (state === "missing") {
        this.show(state, `${subject}: `, word, `. ${aim}`);
        return;
      }
      const suffix = tag === title ? "" : ` with “${this.suffixValue}”`;
      this.show(state, `${subject}: ${size} characters${suffix}, `, word, `. ${aim}`);
    }

    show(state, before, word, after) {
      this.element.dataset.state = state;
      const strong = document.createElement("strong");
      strong.className = "seo-count__state";
      strong.textContent = word;
      this.element.replaceChildren(before, ...(word ? [strong] : []), after);
    }
  }

  class LiveController extends Controller {
    static targets = ["url", "title", "description", "status", "list", "passedItem", "warningItem"];

    static values = { url: String, delay: { type: Number, default: 400 } };

    connect() {
      this.form = this.element.closest("form");
      if (!this.form || !this.urlValue) return;
      // What the panel shows was worked out by the server for the form as
      // loaded. Until the editor changes something, the form's state is read
      // again whenever the panel comes into view: rich text editors and
      // inline panels rewrite their inputs after this connects.
      this.shown = this.formState();
      this.pending = null;
      this.edited = false;
      this.edit = () => {
        this.edited = true;
        this.schedule();
      };
      // Once the form is sent, its checks no longer matter: none is asked
      // while the page saves.
      this.submitted = () => {
        clearTimeout(this.timer);
        this.request?.abort();
        this.pending = null;
        this.settle();
      };
      this.form.addEventListener("input", this.edit);
      this.form.addEventListener("change", this.edit);
      this.form.addEventListener("submit", this.submitted);
      // Some widgets change their inputs without an input event: catch up
      // whenever the panel comes into view (the Promote tab opens).
      this.observer = new IntersectionObserver((entries) => {
        if (!entries.some((entry) => entry.isIntersecting)) return;
        if (this.edited) this.schedule();
        else this.shown = this.formState();
      });
      this.observer.observe(this.element);
    }

    disconnect() {
      if (!this.form) return;
      clearTimeout(this.timer);
      this.request?.abort();
      this.form.removeEventListener("input", this.edit);
      this.form.removeEventListener("change", this.edit);
      this.form.removeEventListener("submit", this.submitted);
      this.observer?.disconnect();
    }

    formState() {
      return [...new FormData(this.form).entries()]
        .filter(([, value]) => typeof value === "string")
        .map(([name, value]) => `${name}=${value}`)
        .join("\n");
    }

    // data-state is "checking" from a change until its answer is shown.
    schedule() {
      clearTimeout(this.timer);
      this.element.dataset.state = "checking";
      this.timer = setTimeout(() => this.refresh(), this.delayValue);
    }

    settle() {
      if (this.element.dataset.state === "checking") this.element.dataset.state = "current";
    }

    async refresh() {
      const state = this.formState();
      // Asked already, or on screen with nothing newer on the way.
      if (state === this.pending) return;
      if (this.pending === null && state === this.shown) {
        this.settle();
        return;
      }
      this.pending = state;
      this.request?.abort(); // its answer would be older than this one
      const request = new AbortController();
      this.request = request;
      const body = new FormData(this.form);
      for (const [name, value] of [...body.entries()]) {
        if (typeof value !== "string") body.delete(name); // files are not checked
      }
      let response;
      let answer;
      try {
        response = await fetch(this.urlValue, {
          method: "POST",
          body,
          credentials: "same-origin",
          headers: { Accept: "application/json", "X-Requested-With": "XMLHttpRequest" },
          signal: request.signal,
        });
        answer = await response.json().catch(() => null);
      } catch (error) {
        if (request.signal.aborted) return;
        this.problem("the CMS could not be reached. Check your connection; your changes are still in the form.");
        return;
      }
      if (request.signal.aborted) return;
      this.pending = null;
      if (!response.ok || !answer || !answer.search_result) {
        const reason = answer?.message || `the CMS answered with an error (${response.status}).`;
        this.problem(reason);
        return;
      }
      this.shown = state;
      this.render(answer);
    }

    problem(message) {
      this.pending = null;
      this.shown = null; // ask again on the next change
      this.element.dataset.state = "problem";
      this.statusTarget.textContent = `The checks could not be updated: ${message}`;
    }

    render({ checks, passed, search_result: result }) {
      this.element.dataset.state = "current";
      this.urlTarget.textContent = result.url;
      this.titleTarget.textContent = result.title || "No title yet";
      this.descriptionTarget.textContent =
        result.description || "No description yet: search engines will pick some text from the page.";
      this.listTarget.replaceChildren(
        ...checks.map((check) => {
          const template = check.passed ? this.passedItemTarget : this.warningItemTarget;
          const item = template.content.firstElementChild.cloneNode(true);
          item.querySelector("[data-check-label]").textContent = check.label;
          item.querySelector("[data-check-advice]").textContent = check.advice;
          return item;
        }),
      );
      this.statusTarget.textContent = `Checked as you typed: ${passed} of ${checks.length} checks pass.`;
    }
  }

  window.wagtail.app.register("seo-count", CountController);
  window.wagtail.app.register("seo-live", LiveController);
})();
