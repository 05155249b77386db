"""Account forms: the password change checks the old password through authentication, so a wrong guess counts
toward the sign-in lockout (django-axes) as a wrong sign-in does. A password its holder chose (a change or a reset
by e-mail) ends the duty to change one an administrator set; one an administrator sets starts it."""

from django import forms
from django.contrib.auth import authenticate
from django.contrib.auth.forms import (
    AdminPasswordChangeForm,
    PasswordChangeForm,
    SetPasswordForm,
    UserCreationForm,
)
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


class ChosenByHolder:
    """A new password, really: the one in use (perhaps one an administrator set, or one grown too old) is refused."""

    def clean(self):
        cleaned = super().clean()
        new = cleaned.get("new_password2")
        if new and self.user.check_password(new):
            self.add_error("new_password2", _("Choose a password different from the one you have now."))
        return cleaned

    def save(self, commit=True):
        self.user.must_change_password = False
        return super().save(commit)


class SetByAdministrator:
    """The password is temporary: its holder replaces it at the next sign-in."""

    def save(self, commit=True):
        user = self.user if hasattr(self, "user") else self.instance  # a password form, or a new account's
        user.must_change_password = True
        return super().save(commit)


class ResetPasswordForm(ChosenByHolder, SetPasswordForm):
    pass


class AdministratorPasswordForm(SetByAdministrator, AdminPasswordChangeForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Every account signs in with a password here; "no password" would only lock its holder out.
        del self.fields["usable_password"]


class AccountCreationForm(SetByAdministrator, UserCreationForm):
    pass


class CountedPasswordChangeForm(ChosenByHolder, PasswordChangeForm):
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
