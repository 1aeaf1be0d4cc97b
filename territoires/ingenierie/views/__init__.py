"""Thin views: forms in, services for writes, selectors for reads. One module per concern,
named as the services:

- `depot`: my requests, filing a request;
- `sollicitation`: the request's page (and its helpers shared by the views that post to it);
- `tri`, `suivi`, `documents`, `liens`: what is posted from that page;
- `relances`: stopping reminders, reminder preferences;
- `file`: the mission's queue and its exports; `chiffres`: figures and yearly report;
- `ressources`: the resource library.

The agency model and the workshops have their own `views` modules
(`territoires.ingenierie.agence.views`, `territoires.ingenierie.ateliers.views`).
"""

PAGE_SIZE = 25
