/*
 * Marks the page as scripted before its first paint: a small synchronous script in
 * <head> (the Content-Security-Policy allows no inline one). The CSS keys the
 * enhanced layout (collapsed phone menu, its buttons, the newsroom's filter
 * disclosure) on html.js, so nothing moves when the deferred scripts run.
 */
document.documentElement.classList.add('js');
