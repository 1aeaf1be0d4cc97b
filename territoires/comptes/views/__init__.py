"""Views of comptes, one module per concern.

- `connexion.py`: login, logout, password reset, second factor (TOTP);
- `organisations.py`: my organisations, an organisation's page and members, the current
  organisation;
- `invitations.py`: invite, cancel, accept an invitation;
- `rattachements.py`: ask to be attached to an organisation, answer such a request;
- `inscription.py`: citizens' sign-up and e-mail verification;
- `redirections.py`: the safe `next` of a form.
"""
