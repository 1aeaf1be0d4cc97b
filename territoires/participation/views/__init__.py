"""Views of the participatory budget, thin, one module per concern (same names as the services).

- `campagnes`: list, public page, management page;
- `idees`: public idées, page of an idée, submission, resident's profile, moderation;
- `projets`: projets put to the vote, assessment of an idée, creation, selection;
- `vote` and `franceconnect`: online vote, paper ballots, codes, certified identity;
- `resultats`: counting, results, published ballot box, participation, evaluation report;
- `realisations`: public follow-up of the winners, photos, update;
- `common`: objects of the URL, breadcrumb, images served.
"""
