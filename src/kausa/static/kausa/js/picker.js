// A searchable, keyboard-friendly picker over <select data-picker> (core.widgets.PickerSelect):
// an ARIA 1.2 combobox (a text box with a list box), the chosen items as buttons that remove
// them. The select stays the form's field: hidden, it still carries the choice, and without
// this script it works on its own. Texts come from the select's data-picker-* attributes.
(function () {
  "use strict";

  var pickers = 0;

  // Like kausa.reference.occupation_names.name_key: accents, Arabic short vowels and case
  // ignored; Arabic and Persian yeh and kaf, teh marbuta and Turkish dotless i as one letter;
  // joiners and tatweel dropped.
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f\u064b-\u065f\u0670]/g, "")
      .toLowerCase().replace(/ß/g, "ss").replace(/[يى]/g, "ی").replace(/ك/g, "ک")
      .replace(/ة/g, "ه").replace(/ı/g, "i").replace(/[\u200c\u200d\u0640]/g, "")
      .replace(/\s+/g, " ").trim();
  }

  function fill(template, values) {
    return template.replace(/%\((\w+)\)s/g, function (all, key) {
      return key in values ? values[key] : all;
    });
  }

  function enhance(select) {
    var multiple = select.multiple;
    var texts = select.dataset;
    var number = ++pickers;
    if (!select.id) select.id = "picker-select-" + number;
    var label = document.querySelector('label[for="' + select.id + '"]');
    var lang = document.documentElement.lang || "de";

    var items = Array.prototype.filter.call(select.options, function (option) {
      return option.value !== "";
    }).map(function (option) {
      var alt = option.getAttribute("data-alt") || "";
      return {
        option: option,
        label: option.textContent,
        alt: alt,
        key: fold(option.textContent + " " + alt),
        starts: [fold(option.textContent), fold(alt)]
      };
    });
    items.sort(function (a, b) { return a.label.localeCompare(b.label, lang); });

    var wrap = document.createElement("div");
    wrap.className = "picker";
    var chips = document.createElement("ul");
    chips.className = "picker-chips";
    chips.setAttribute("aria-label", texts.pickerChosen || "");
    var input = document.createElement("input");
    input.type = "text";
    input.id = select.id + "-search";
    input.className = "picker-input";
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("autocomplete", "off");
    input.setAttribute("spellcheck", "false");
    var list = document.createElement("ul");
    list.id = select.id + "-listbox";
    list.className = "picker-list";
    list.setAttribute("role", "listbox");
    if (multiple) list.setAttribute("aria-multiselectable", "true");
    list.hidden = true;
    input.setAttribute("aria-controls", list.id);
    var status = document.createElement("p");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");

    if (label) {
      if (!label.id) label.id = select.id + "-label";
      label.htmlFor = input.id;
      list.setAttribute("aria-labelledby", label.id);
    }
    var help = document.getElementById(select.id + "_helptext");
    if (!help) {
      help = document.createElement("p");
      help.className = "help";
      help.id = select.id + "_helptext";
      wrap.appendChild(help);
    }
    help.textContent = texts.pickerHelp || "";
    input.setAttribute("aria-describedby", help.id);
    if (select.getAttribute("aria-invalid") === "true") input.setAttribute("aria-invalid", "true");
    if (select.required) {
      input.setAttribute("aria-required", "true");
      select.required = false; // a hidden control cannot take the browser's complaint
    }

    var box = document.createElement("div");
    box.className = "picker-box";
    box.appendChild(input);
    box.appendChild(list);
    wrap.insertBefore(status, wrap.firstChild);
    wrap.insertBefore(box, wrap.firstChild);
    wrap.insertBefore(chips, wrap.firstChild);
    select.parentNode.insertBefore(wrap, select.nextSibling);
    select.hidden = true;
    select.setAttribute("aria-hidden", "true");
    select.tabIndex = -1;

    var shown = [];
    var active = -1;

    function say(text) {
      status.textContent = "";
      window.setTimeout(function () { status.textContent = text; }, 50);
    }

    function matching(query) {
      var key = fold(query);
      if (!key) return items.slice();
      var first = [];
      var rest = [];
      items.forEach(function (item) {
        if (item.key.indexOf(key) === -1) return;
        var starts = item.starts[0].indexOf(key) === 0 || item.starts[1].indexOf(key) === 0;
        (starts ? first : rest).push(item);
      });
      return first.concat(rest);
    }

    function setActive(index) {
      var previous = list.querySelector(".is-active");
      if (previous) previous.classList.remove("is-active");
      active = index;
      if (index < 0 || !shown.length) {
        input.removeAttribute("aria-activedescendant");
        return;
      }
      var node = document.getElementById(list.id + "-" + index);
      node.classList.add("is-active");
      input.setAttribute("aria-activedescendant", node.id);
      node.scrollIntoView({ block: "nearest" });
    }

    function renderList() {
      shown = matching(input.value);
      list.textContent = "";
      if (!shown.length) {
        var empty = document.createElement("li");
        empty.className = "picker-empty";
        empty.setAttribute("role", "presentation");
        empty.textContent = texts.pickerNone || "";
        list.appendChild(empty);
      }
      shown.forEach(function (item, index) {
        var node = document.createElement("li");
        node.id = list.id + "-" + index;
        node.className = "picker-option";
        node.setAttribute("role", "option");
        node.setAttribute("aria-selected", item.option.selected ? "true" : "false");
        var name = document.createElement("span");
        name.textContent = item.label;
        node.appendChild(name);
        if (item.alt) {
          var alt = document.createElement("span");
          alt.className = "picker-alt";
          alt.lang = "de";
          alt.textContent = item.alt;
          node.appendChild(alt);
        }
        list.appendChild(node);
      });
    }

    function open() {
      if (list.hidden) {
        list.hidden = false;
        input.setAttribute("aria-expanded", "true");
      }
    }

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      setActive(-1);
    }

    function renderChips() {
      chips.textContent = "";
      Array.prototype.forEach.call(select.options, function (option) {
        if (!option.selected || option.value === "") return;
        var item = document.createElement("li");
        var button = document.createElement("button");
        button.type = "button";
        button.className = "picker-chip";
        button.setAttribute("aria-label", fill(texts.pickerRemove || "%(name)s", { name: option.textContent }));
        button.dataset.value = option.value;
        var name = document.createElement("span");
        name.textContent = option.textContent;
        var cross = document.createElement("span");
        cross.className = "picker-chip-x";
        cross.setAttribute("aria-hidden", "true");
        cross.textContent = "×";
        button.appendChild(name);
        button.appendChild(cross);
        item.appendChild(button);
        chips.appendChild(item);
      });
    }

    function changed() {
      renderChips();
      select.dispatchEvent(new Event("change", { bubbles: true }));
    }

    function choose(item) {
      if (multiple) {
        item.option.selected = !item.option.selected;
      } else {
        select.value = item.option.value;
      }
      say(fill(item.option.selected ? texts.pickerAdded : texts.pickerRemoved, { name: item.label }));
      input.value = "";
      close();
      changed();
    }

    function remove(value) {
      var option = Array.prototype.find.call(select.options, function (o) { return o.value === value; });
      if (!option) return;
      option.selected = false;
      if (!multiple) select.value = "";
      say(fill(texts.pickerRemoved || "", { name: option.textContent }));
      changed();
    }

    input.addEventListener("input", function () {
      renderList();
      open();
      setActive(input.value.trim() && shown.length ? 0 : -1);
      say(fill(texts.pickerCount || "", { count: shown.length }));
    });

    input.addEventListener("keydown", function (event) {
      var key = event.key;
      if (key === "ArrowDown" || key === "Down") {
        event.preventDefault();
        if (list.hidden) {
          renderList();
          open();
          if (!event.altKey) setActive(active >= 0 ? active : 0);
        } else if (shown.length) {
          setActive(Math.min(active + 1, shown.length - 1));
        }
      } else if (key === "ArrowUp" || key === "Up") {
        if (list.hidden) return;
        event.preventDefault();
        if (event.altKey) close();
        else if (shown.length) setActive(Math.max(active - 1, 0));
      } else if (key === "Enter") {
        if (list.hidden) return; // a closed list: Enter sends the form
        event.preventDefault();
        if (active >= 0) choose(shown[active]);
      } else if (key === "Escape" || key === "Esc") {
        if (!list.hidden) {
          event.preventDefault();
          close();
        } else if (input.value) {
          event.preventDefault();
          input.value = "";
        }
      } else if (key === "Tab") {
        close();
      }
    });

    input.addEventListener("click", function () {
      if (list.hidden) {
        renderList();
        open();
      } else {
        close();
      }
    });

    input.addEventListener("blur", function () { close(); });

    // Keep the focus in the text box while an option is clicked.
    list.addEventListener("mousedown", function (event) { event.preventDefault(); });
    list.addEventListener("click", function (event) {
      var node = event.target.closest(".picker-option");
      if (!node) return;
      var index = Number(node.id.slice(list.id.length + 1));
      choose(shown[index]);
      input.focus();
    });

    chips.addEventListener("click", function (event) {
      var button = event.target.closest(".picker-chip");
      if (!button) return;
      var buttons = Array.prototype.slice.call(chips.querySelectorAll(".picker-chip"));
      var at = buttons.indexOf(button);
      remove(button.dataset.value);
      // The focus goes to the next chip, else the previous one, else the text box.
      var left = chips.querySelectorAll(".picker-chip");
      var next = left[Math.min(at, left.length - 1)];
      (next || input).focus();
    });

    renderChips();
  }

  Array.prototype.forEach.call(document.querySelectorAll("select[data-picker]"), enhance);
})();
