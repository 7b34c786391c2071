/*
 * The newsroom's filter form, applied in place.
 *
 * Progressive enhancement: without this script the form submits with its buttons,
 * and on phones the facets are a native <details> "Filter" disclosure.
 * With it, a changed checkbox or sort order applies at once: the listing for the new
 * filter is fetched (the address the form would submit to; the server redirects it to
 * its canonical form), it replaces this one, the address bar follows (Back and
 * Forward work), focus stays on the control that changed, and the status line
 * announces the new count. Anything unexpected falls back to an ordinary page load.
 * No inline styles or handlers (strict CSP); loaded with `defer`.
 */
(function () {
  'use strict';

  const container = document.querySelector('[data-newsroom]');
  const status = document.querySelector('[data-newsroom-status]');
  if (!container || !status || !window.fetch || !window.DOMParser ||
      !window.AbortController || !window.history || !window.history.pushState) {
    return;
  }

  const wideQuery = window.matchMedia ? window.matchMedia('(min-width: 48rem)') : null;
  let pending = null;
  let shownUrl = withoutHash(window.location.href);

  function withoutHash(url) {
    return url.split('#')[0];
  }

  function filterForm() {
    return container.querySelector('form.filters');
  }

  function panel() {
    return container.querySelector('details.filters__panel');
  }

  /* The form's address with its values, as a GET submission would build it
   * (empty boxes left out, as the server ignores them anyway). */
  function addressOf(form) {
    const params = new URLSearchParams();
    new FormData(form).forEach(function (value, name) {
      if (typeof value === 'string' && value.trim()) {
        params.append(name, value);
      }
    });
    const query = params.toString();
    const action = withoutHash(form.action).split('?')[0];
    return query ? action + '?' + query : action;
  }

  /* A control is known across renderings by its name and, for a checkbox, its value. */
  function controlKey(control) {
    if (!control || !control.name) {
      return null;
    }
    return control.type === 'checkbox' ? control.name + '=' + control.value : control.name;
  }

  function focusControl(key, name) {
    const form = filterForm();
    if (!form || !key) {
      return;
    }
    let fallback = null;
    for (const control of form.elements) {
      if (control.disabled) {
        continue;
      }
      if (controlKey(control) === key) {
        control.focus();
        return;
      }
      if (!fallback && control.name === name) {
        fallback = control;
      }
    }
    // The option went to the "no results" list: stay in the same facet.
    if (fallback) {
      fallback.focus();
    }
  }

  function announce() {
    const summary = container.querySelector('.result-count, .form-errors');
    const text = summary ? summary.textContent.replace(/\s+/g, ' ').trim() : '';
    // Emptied first, so that the same text twice is still announced.
    status.textContent = '';
    window.setTimeout(function () {
      status.textContent = text;
    }, 100);
  }

  /* On wide screens the CSS shows the facets whatever the state of their <details>
   * (::details-content); where a browser lacks that, open it. */
  function openOnWideScreens() {
    const details = panel();
    if (!details || !wideQuery || !wideQuery.matches) {
      return;
    }
    if (window.CSS && CSS.supports && !CSS.supports('selector(::details-content)')) {
      details.open = true;
    }
  }

  function swap(next, doc, url, options) {
    const wasOpen = panel() ? panel().open : false;
    container.className = next.className;
    container.replaceChildren.apply(
      container,
      Array.prototype.map.call(next.childNodes, function (node) {
        return document.importNode(node, true);
      })
    );
    const details = panel();
    if (details && wasOpen) {
      details.open = true;
    }
    openOnWideScreens();
    shownUrl = withoutHash(url);
    if (options.push && shownUrl !== withoutHash(window.location.href)) {
      window.history.pushState({ newsroom: true }, '', url);
    }
    if (doc.title) {
      document.title = doc.title;
    }
    if (options.focusKey) {
      focusControl(options.focusKey, options.focusName);
    }
    announce();
  }

  function load(url, options) {
    if (pending) {
      pending.abort();
    }
    const controller = new AbortController();
    pending = controller;
    container.setAttribute('aria-busy', 'true');
    fetch(url, {
      signal: controller.signal,
      credentials: 'same-origin',
      headers: { Accept: 'text/html' }
    })
      .then(function (response) {
        return response.text().then(function (html) {
          return { url: response.url || url, html: html };
        });
      })
      .then(function (result) {
        if (pending !== controller) {
          return;
        }
        const doc = new DOMParser().parseFromString(result.html, 'text/html');
        const next = doc.querySelector('[data-newsroom]');
        if (!next) {
          throw new Error('The answer has no listing');
        }
        swap(next, doc, result.url, options);
      })
      .catch(function (error) {
        if (error && error.name === 'AbortError') {
          return;
        }
        window.location.assign(url);
      })
      .finally(function () {
        if (pending === controller) {
          pending = null;
          container.removeAttribute('aria-busy');
        }
      });
  }

  // One listener for the container: it outlives the listings swapped into it.
  container.addEventListener('change', function (event) {
    const control = event.target;
    const form = control && control.form;
    if (!form || !form.classList.contains('filters')) {
      return;
    }
    if (control.type !== 'checkbox' && control.tagName !== 'SELECT') {
      return; // words and dates apply with the buttons (or Enter)
    }
    load(addressOf(form), {
      push: true,
      focusKey: controlKey(control),
      focusName: control.name
    });
  });

  window.addEventListener('popstate', function () {
    const url = withoutHash(window.location.href);
    if (url !== shownUrl) {
      load(url, { push: false });
    }
  });

  openOnWideScreens();
}());
