"""Account forms: the password change checks the old password through authentication, so a wrong guess counts
toward the sign-in lockout (django-axes) as a wrong sign-in does."""

from django import forms
from django.contrib.auth import authenticate
from django.contrib.auth.forms import PasswordChangeForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


class CountedPasswordChangeForm(PasswordChangeForm):
    def __init__(self, user, *args, request=None, **kwargs):
        self.request = request
        super().__init__(user, *args, **kwargs)

    def clean_old_password(self):
        old = self.cleaned_data["old_password"]
        if authenticate(self.request, username=self.user.get_username(), password=old) is None:
            raise ValidationError(self.error_messages["password_incorrect"], code="password_incorrect")
        return old


class TwoFactorCodeForm(forms.Form):
    code = forms.CharField(label=_("Code"), max_length=16, strip=True,
                           widget=forms.TextInput(attrs={"class": "form-control", "autocomplete": "one-time-code",
                                                         "inputmode": "numeric", "autofocus": True}),
                           help_text=_("The six digits your authenticator app shows, or one of your recovery codes."))
