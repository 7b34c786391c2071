/*
 * Main navigation: disclosure dropdowns and the phone menu button.
 *
 * Progressive enhancement: without scripts the top-level links work, the
 * toggle buttons are not shown and the panels never open. early.js marks the
 * page (html.js) before its first paint, so the CSS already lays out the
 * buttons and the collapsed phone menu that this script brings to life.
 * No inline styles or handlers (strict CSP); loaded with `defer`.
 */
(function () {
  'use strict';

  const nav = document.getElementById('site-nav');
  if (!nav || !nav.classList) {
    return;
  }

  const menuToggle = document.querySelector('.menu-toggle[aria-controls="site-nav"]') ||
    document.querySelector('.menu-toggle');
  const wideQuery = window.matchMedia ? window.matchMedia('(min-width: 48rem)') : null;

  const FOCUSABLE = 'a[href], button:not([disabled]), input:not([disabled]), ' +
    'select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

  /** @type {{item: HTMLElement, toggle: HTMLButtonElement, panel: HTMLElement}[]} */
  const entries = [];
  let openEntry = null;

  function isWide() {
    return wideQuery ? wideQuery.matches : true;
  }

  function isVisible(el) {
    return el.getClientRects().length > 0;
  }

  function panelFocusables(entry) {
    return Array.prototype.filter.call(entry.panel.querySelectorAll(FOCUSABLE), isVisible);
  }

  /* ---------------------------------------------------------------------
   * Dropdown panels
   * ------------------------------------------------------------------- */
  function openPanel(entry) {
    if (openEntry && openEntry !== entry) {
      closePanel(openEntry, false);
    }
    entry.item.classList.add('is-open');
    entry.toggle.setAttribute('aria-expanded', 'true');
    openEntry = entry;
  }

  function closePanel(entry, returnFocus) {
    entry.item.classList.remove('is-open');
    entry.toggle.setAttribute('aria-expanded', 'false');
    if (openEntry === entry) {
      openEntry = null;
    }
    if (returnFocus) {
      entry.toggle.focus();
    }
  }

  function closeOpenPanel(returnFocus) {
    if (openEntry) {
      closePanel(openEntry, returnFocus);
    }
  }

  function focusInPanel(entry, which) {
    const targets = panelFocusables(entry);
    if (!targets.length) {
      return;
    }
    const current = targets.indexOf(document.activeElement);
    let next;
    switch (which) {
      case 'first': next = 0; break;
      case 'last': next = targets.length - 1; break;
      case 'next': next = current < 0 ? 0 : Math.min(current + 1, targets.length - 1); break;
      case 'prev': next = current <= 0 ? 0 : current - 1; break;
      default: return;
    }
    targets[next].focus();
  }

  function setUpItem(item) {
    let toggle = null;
    for (const child of item.children) {
      if (child.classList.contains('site-nav__toggle')) {
        toggle = child;
        break;
      }
    }
    if (!toggle) {
      return;
    }
    const panelId = toggle.getAttribute('aria-controls');
    const panel = (panelId && document.getElementById(panelId)) ||
      item.querySelector('.site-nav__panel');
    if (!panel || !item.contains(panel)) {
      return;
    }

    const entry = { item: item, toggle: toggle, panel: panel };
    entries.push(entry);

    toggle.setAttribute('aria-expanded', 'false');
    if (!toggle.getAttribute('type')) {
      toggle.setAttribute('type', 'button');
    }
    toggle.hidden = false;

    // Buttons fire "click" for mouse, touch, Enter and Space.
    toggle.addEventListener('click', function () {
      if (openEntry === entry) {
        closePanel(entry, false);
      } else {
        openPanel(entry);
      }
    });

    // ArrowDown / ArrowUp on the toggle: open and move into the panel.
    toggle.addEventListener('keydown', function (event) {
      if (event.altKey || event.ctrlKey || event.metaKey) {
        return;
      }
      if (event.key === 'ArrowDown' || event.key === 'Down') {
        event.preventDefault();
        openPanel(entry);
        focusInPanel(entry, 'first');
      } else if (event.key === 'ArrowUp' || event.key === 'Up') {
        event.preventDefault();
        openPanel(entry);
        focusInPanel(entry, 'last');
      }
    });

    // Arrow keys / Home / End move between the links of an open panel.
    panel.addEventListener('keydown', function (event) {
      if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) {
        return;
      }
      const target = event.target;
      if (target && target.matches && target.matches('input, select, textarea')) {
        return;
      }
      let which = null;
      switch (event.key) {
        case 'ArrowDown': case 'Down': which = 'next'; break;
        case 'ArrowUp': case 'Up': which = 'prev'; break;
        case 'Home': which = 'first'; break;
        case 'End': which = 'last'; break;
        default: return;
      }
      event.preventDefault();
      focusInPanel(entry, which);
    });

    // A link chosen in the panel (e.g. a same-page #anchor) closes the menu.
    panel.addEventListener('click', function (event) {
      const link = event.target && event.target.closest ? event.target.closest('a[href]') : null;
      if (!link || event.defaultPrevented || event.button > 0 ||
          event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) {
        return;
      }
      closePanel(entry, false);
      if (!isWide()) {
        setMenu(false);
      }
    });

    // Focus moving to an element outside this item closes the panel.
    // (relatedTarget is null when focus goes nowhere, e.g. a click on a
    // non-focusable area or leaving the window: the click handler decides.)
    item.addEventListener('focusout', function (event) {
      const to = event.relatedTarget;
      if (openEntry === entry && to && !item.contains(to)) {
        closePanel(entry, false);
      }
    });
  }

  /* ---------------------------------------------------------------------
   * Phone menu button
   * ------------------------------------------------------------------- */
  function menuIsOpen() {
    return nav.classList.contains('is-open');
  }

  function setMenu(open) {
    if (!menuToggle) {
      open = true; // no menu button in the page: the nav never collapses
    }
    nav.classList.toggle('is-open', open);
    if (menuToggle) {
      menuToggle.setAttribute('aria-expanded', open ? 'true' : 'false');
    }
    if (!open) {
      closeOpenPanel(false);
    }
  }

  /* ---------------------------------------------------------------------
   * Wire everything up
   * ------------------------------------------------------------------- */
  nav.querySelectorAll('.site-nav__item').forEach(setUpItem);

  if (menuToggle) {
    menuToggle.setAttribute('aria-expanded', 'false');
    menuToggle.hidden = false;
    menuToggle.addEventListener('click', function () {
      setMenu(!menuIsOpen());
    });
  }
  setMenu(false);

  // Escape: close the open panel (focus back to its toggle); otherwise close
  // the phone menu (focus back to the menu button).
  document.addEventListener('keydown', function (event) {
    if (event.key !== 'Escape' && event.key !== 'Esc') {
      return;
    }
    if (openEntry) {
      event.preventDefault();
      closePanel(openEntry, true);
      return;
    }
    if (menuToggle && menuIsOpen() && !isWide()) {
      const active = document.activeElement;
      if (!active || active === document.body || active === menuToggle || nav.contains(active)) {
        event.preventDefault();
        setMenu(false);
        menuToggle.focus();
      }
    }
  });

  // Click / tap outside the open item closes its panel.
  document.addEventListener('click', function (event) {
    if (openEntry && !openEntry.item.contains(event.target)) {
      closePanel(openEntry, false);
    }
  });

  // Crossing the breakpoint: reset dropdowns; keep focus visible.
  function onBreakpointChange() {
    const active = document.activeElement;
    const focusInNav = active && nav.contains(active);
    closeOpenPanel(false);
    if (isWide()) {
      setMenu(false); // the nav is always shown on wide screens
    } else if (focusInNav && menuToggle) {
      setMenu(true); // don't hide the element that has focus
    }
  }

  if (wideQuery) {
    if (typeof wideQuery.addEventListener === 'function') {
      wideQuery.addEventListener('change', onBreakpointChange);
    } else if (typeof wideQuery.addListener === 'function') {
      wideQuery.addListener(onBreakpointChange);
    }
  }

  // Returning via the back/forward cache: start with everything closed.
  window.addEventListener('pageshow', function (event) {
    if (event.persisted) {
      closeOpenPanel(false);
      setMenu(false);
    }
  });
}());
