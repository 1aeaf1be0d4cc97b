"""Writes of the participatory budget, one transaction per function, one module per concern.

- `idees`: an idée submitted (online or on paper), the resident's profile, moderation;
- `projets`: assessment of the idées by the services, projets, the list put to the vote;
- `votants`: identity of the voters (fingerprints), voting codes, identity path of a ballot;
- `vote`: ballot checked, register and ballot box, shuffle of the box;
- `resultats`: counting of each enveloppe;
- `realisations`: réalisations of the winners, follow-up, photos, milestones;
- `pabulib`: a campaign imported from, and a result exported to, the pabulib format;
- `campagnes`: rules of the enveloppes applied to people.
"""
