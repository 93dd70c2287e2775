// Wagtail's page chooser, passing one more option to its modal: the id of the
// term being edited, which the chooser's listing and search then leave out
// (glossary/choosers.py). The modal adds "linkedFieldFilters" to its URL.
(() => {
  class GlossaryOtherTermChooser extends window.PageChooser {
    getModalOptions() {
      const options = super.getModalOptions();
      if (this.opts.excludePage) {
        options.linkedFieldFilters = { exclude_page: this.opts.excludePage };
      }
      return options;
    }
  }

  window.GlossaryOtherTermChooser = GlossaryOtherTermChooser;
})();
