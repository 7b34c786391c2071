'use strict';
// The release form's tag box (releases/admin_tags.py): Django admin's own select2,
// suggesting existing tags as one types. A new tag is offered last, as an explicit
// "Create new tag …" choice, and only when no suggestion has that name.
{
    const $ = django.jQuery;

    function sameName(a, b) {
        return a.trim().toLocaleLowerCase() === b.trim().toLocaleLowerCase();
    }

    function tagBox(element) {
        const createLabel = element.dataset.createLabel;
        $(element).select2({
            tags: true,
            tokenSeparators: [','],
            ajax: {
                data: (params) => ({term: params.term, page: params.page})
            },
            createTag: (params) => {
                const term = params.term.trim();
                return term ? {id: term, text: term, newTag: true} : null;
            },
            insertTag: (data, tag) => {
                if (!data.some((item) => sameName(item.text, tag.text))) {
                    data.push(tag);
                }
            },
            templateResult: (item) => item.newTag ? createLabel.replace('%s', item.text) : item.text
        });
    }

    $(function() {
        $('.tag-autocomplete').not('[name*=__prefix__]').each((i, element) => tagBox(element));
    });
}
