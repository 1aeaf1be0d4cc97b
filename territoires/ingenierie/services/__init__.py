"""Every write of the ingénierie module, one module per concern (keyword-only arguments, one
transaction each):

- `depot`: filing a request;
- `tri`: triage by the mission's managers (accept, redirect, decline, merge) and the team;
- `suivi`: follow-up (state changes, step, notes, actions and recommendations);
- `documents`, `liens`: documents and links on a request;
- `ressources`: the resource library;
- `relances`: reminders by e-mail and each person's preferences;
- `shared`: helpers the others share (recipients, last activity).

The agency model and the workshops have their own `services` modules
(`territoires.ingenierie.agence.services`, `territoires.ingenierie.ateliers.services`).
"""
