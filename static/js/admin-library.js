'use strict';
// The media library in the admin (releases/admin_library.py): the release form's image
// chooser shows thumbnails, and the image form sets its focal point by a click or a tap
// on the picture (the two number inputs stay the way to type it).
{
    // The chooser needs the admin's jQuery and select2, looked up once the page has
    // loaded (the admin may list this file before them); the focal point picker needs
    // neither.
    let $ = null;

    function withThumbnail(item) {
        const source = item.thumbnail || (item.element && item.element.dataset.thumbnail);
        if (!source) {
            return item.text;
        }
        const row = $('<span class="chooser-item"></span>');
        $('<img alt="" width="64" height="36">').attr('src', source).appendTo(row);
        $('<span></span>').text(item.text).appendTo(row);
        if (item.credit) {
            $('<small></small>').text(item.credit).appendTo(row);
        }
        return row;
    }

    function chooser(element) {
        $(element).select2({
            ajax: {
                data: (params) => ({
                    term: params.term,
                    page: params.page,
                    app_label: element.dataset.appLabel,
                    model_name: element.dataset.modelName,
                    field_name: element.dataset.fieldName
                })
            },
            templateResult: withThumbnail,
            templateSelection: withThumbnail,
            width: '100%'
        });
        // select2 names its box by the chosen item's text only: give it the field's label,
        // so that screen readers announce "Lead image" (and axe finds a name when empty).
        const label = document.querySelector(`label[for="${element.id}"]`);
        const name = label ? label.textContent.replace(/:\s*$/, '').trim() : '';
        const named = () => $(element).next('.select2').find('.select2-selection__rendered')
            .attr('aria-label', name);
        named();
        $(element).on('change', named);
        // ARIA 1.2 (which axe checks): an open combobox names the list it controls, and
        // the search box has a label.
        $(element).on('select2:open', () => {
            const results = `select2-${element.id}-results`;
            $(element).next('.select2').find('.select2-selection').attr('aria-controls', results);
            $(`[aria-controls="${results}"].select2-search__field`).attr('aria-label', name);
        });
    }

    function focalPicker(picker) {
        const form = picker.closest('form');
        const inputX = form.querySelector('.focal-x');
        const inputY = form.querySelector('.focal-y');
        const image = picker.querySelector('img');
        const marker = picker.querySelector('.focal-marker');
        const empty = picker.querySelector('.focal-empty');
        const show = () => {
            marker.style.left = `${inputX.value}%`;
            marker.style.top = `${inputY.value}%`;
            marker.hidden = image.hidden;
        };
        image.addEventListener('click', (event) => {
            const box = image.getBoundingClientRect();
            const percent = (offset, length) => Math.min(100, Math.max(0, Math.round(offset * 100 / length)));
            inputX.value = percent(event.clientX - box.left, box.width);
            inputY.value = percent(event.clientY - box.top, box.height);
            show();
        });
        inputX.addEventListener('input', show);
        inputY.addEventListener('input', show);
        const file = form.querySelector('input[type=file][name=file]');
        if (file) {
            file.addEventListener('change', () => {
                if (file.files.length) {
                    image.src = URL.createObjectURL(file.files[0]);
                    image.hidden = false;
                    empty.hidden = true;
                    show();
                }
            });
        }
        show();
    }

    function start() {
        $ = window.django && window.django.jQuery;
        if ($ && $.fn.select2) {
            $('.image-autocomplete').not('[name*=__prefix__]').each((i, element) => chooser(element));
        }
        document.querySelectorAll('.focal-picker').forEach(focalPicker);
    }

    if (document.readyState === 'loading') {
        document.addEventListener('DOMContentLoaded', start);
    } else {
        start();
    }
}
