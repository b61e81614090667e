/* Back office: the slug that Django's admin fills in from a name spells German umlauts
   out (ä -> ae, ß -> ss), exactly as core.content.german_slugify does on the server.
   Loaded after admin/js/urlify.js; wraps the global URLify that prepopulate.js calls. */
'use strict';
(function() {
    const original = window.URLify;
    if (!original) {
        return;
    }
    const umlauts = {'ä': 'ae', 'ö': 'oe', 'ü': 'ue', 'Ä': 'Ae', 'Ö': 'Oe', 'Ü': 'Ue', 'ß': 'ss'};
    window.URLify = function(text, maxLength, allowUnicode) {
        return original(String(text).replace(/[äöüÄÖÜß]/g, (c) => umlauts[c]), maxLength, allowUnicode);
    };
})();
