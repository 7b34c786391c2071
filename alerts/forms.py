from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Subscription


class SubscribeForm(forms.Form):
    email = forms.EmailField(
        label=_("Your email address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    frequency = forms.ChoiceField(
        label=_("How often"),
        choices=Subscription.Frequency.choices,
        initial=Subscription.Frequency.IMMEDIATE,
        widget=forms.RadioSelect,
    )


class FrequencyForm(forms.Form):
    subscription = forms.IntegerField(min_value=1, max_value=2**62, widget=forms.HiddenInput)
    frequency = forms.ChoiceField(label=_("How often"), choices=Subscription.Frequency.choices)
