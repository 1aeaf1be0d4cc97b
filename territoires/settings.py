"""Réglages de Territoires : un seul module, configuré par variables d'environnement.

TERRITOIRES_ENV vaut « development » (défaut, `make run`), « test » ou « production ».
En production, SECRET_KEY, ALLOWED_HOSTS et DATABASE_URL doivent être fournis.
"""

import os
import secrets
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent
VAR_DIR = Path(os.environ.get("TERRITOIRES_VAR_DIR", PROJECT_DIR / "var"))

ENV = os.environ.get("TERRITOIRES_ENV", "development")
if ENV not in {"development", "test", "production"}:
    raise ImproperlyConfigured(f"TERRITOIRES_ENV inconnu : {ENV!r}")
PRODUCTION = ENV == "production"


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "oui", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def _secret_key() -> str:
    key = os.environ.get("SECRET_KEY")
    if key:
        return key
    if PRODUCTION:
        raise ImproperlyConfigured("SECRET_KEY est obligatoire en production.")
    # Development: generate once and keep it, so sessions survive a restart.
    path = VAR_DIR / "secret_key"
    if path.exists():
        return path.read_text().strip()
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    path.write_text(key)
    path.chmod(0o600)
    return key


SECRET_KEY = _secret_key()
# Off by default, development included: `make run` then serves the product's own 404 for a
# missing page and a forbidden object alike (Django's debug page lists every URL pattern).
# `DEBUG=1` brings the technical pages back when needed; tracebacks always reach the console.
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list(
    "ALLOWED_HOSTS", "" if PRODUCTION else "localhost,127.0.0.1,[::1],testserver"
)
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# --- Département et identité visuelle -------------------------------------------------------
TERRITOIRES_DEPARTEMENT = os.environ.get("TERRITOIRES_DEPARTEMENT", "32")
TERRITOIRES_BRANDING = {
    "name": os.environ.get("TERRITOIRES_NOM", "Territoires"),
    "organisation": os.environ.get("TERRITOIRES_ORGANISATION", ""),  # défaut : « Département du … »
    "logo": os.environ.get("TERRITOIRES_LOGO", ""),  # chemin statique ou URL absolue du logo
    "primary_color": os.environ.get("TERRITOIRES_COULEUR_PRINCIPALE", "#7a2048"),
    "secondary_color": os.environ.get("TERRITOIRES_COULEUR_SECONDAIRE", "#1f4e5f"),
    # Without an audit, RGAA asks to declare the service « non conforme ».
    "accessibility_status": os.environ.get("TERRITOIRES_RGAA", "non conforme"),
    "contact_email": os.environ.get("TERRITOIRES_CONTACT", "accessibilite@example.org"),
}
# Mentions légales, données personnelles, déclaration d'accessibilité (pages of the ui app).
TERRITOIRES_LEGAL = {
    "address": os.environ.get("TERRITOIRES_ADRESSE", ""),
    "publication_director": os.environ.get("TERRITOIRES_DIRECTEUR_PUBLICATION", ""),
    "host": os.environ.get("TERRITOIRES_HEBERGEUR", ""),
    "host_address": os.environ.get("TERRITOIRES_HEBERGEUR_ADRESSE", ""),
    "dpo_email": os.environ.get("TERRITOIRES_DPO", ""),
    "rgaa_audit_date": os.environ.get("TERRITOIRES_RGAA_AUDIT_DATE", ""),
    "rgaa_audit_rate": os.environ.get("TERRITOIRES_RGAA_AUDIT_TAUX", ""),
    "rgaa_audit_by": os.environ.get("TERRITOIRES_RGAA_AUDIT_PAR", ""),
    "source_url": os.environ.get("TERRITOIRES_CODE_SOURCE", ""),
}

# --- Applications ---------------------------------------------------------------------------
INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rules.apps.AutodiscoverRulesConfig",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "mozilla_django_oidc",
    "simple_history",
    "django_filters",
    "django_htmx",
    "template_partials",
    "csp",
    "django_tasks",
    # Before django_tasks_db: its `db_worker` command is replaced by ours (core/worker.py).
    "territoires.core",
    "django_tasks_db",
    "territoires.ui",
    "territoires.referentiel",
    "territoires.comptes",
    "territoires.ingenierie",
    "territoires.aides",
    "territoires.clauses",
    "territoires.participation",
    "territoires.appels",
    "territoires.opendata",
    "territoires.pilotage",
    "territoires.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # A database that went away: French 503 page (the 500 handler covers inner middleware).
    "territoires.core.middleware.DatabaseUnavailableMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "territoires.comptes.middleware.CurrentOrganisationMiddleware",
    # Before anything reads the body; after the above, so that the 413 page is the usual one.
    "territoires.core.request_limit.RequestBodyLimitMiddleware",
    "territoires.comptes.middleware.StaffOTPRequiredMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "territoires.urls"
WSGI_APPLICATION = "territoires.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "territoires.ui.context_processors.ui",
                "territoires.core.context_processors.notifications",
            ],
            "builtins": [
                "template_partials.templatetags.partials",
                "territoires.ui.templatetags.dates",
            ],
        },
    }
]
# Every form renders label, help and errors tied by aria-describedby (territoires/ui/forms.py).
FORM_RENDERER = "territoires.ui.forms.FormRenderer"
# Tests set TERRITOIRES_STRICT_TEMPLATES=1: an unknown variable then raises instead of
# silently rendering "" (see tests/conftest.py).
if env_bool("TERRITOIRES_STRICT_TEMPLATES", False):
    from territoires.core.strict_templates import INVALID

    TEMPLATES[0]["OPTIONS"]["string_if_invalid"] = INVALID

# --- Base de données ------------------------------------------------------------------------
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'territoires.sqlite3'}"),
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0")),
        # A connection lost while the database restarted is replaced by the next request.
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web server and the task worker read while the other writes.
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Comptes et connexion -------------------------------------------------------------------
AUTH_USER_MODEL = "comptes.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    # Table permissions are the admin's: not asked for non-staff users (two queries a page).
    "territoires.comptes.backends.TablePermissionsForStaffOnly",
    "territoires.comptes.oidc.ProConnectBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "comptes:login"
LOGIN_REDIRECT_URL = "ui:home"
LOGOUT_REDIRECT_URL = "ui:home"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if ENV == "test":
    # Fast hashing keeps the suite quick; production keeps Django's defaults.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("AXES_COOLOFF_HEURES", "1"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"
AXES_LOCKOUT_TEMPLATE = "comptes/lockout.html"
AXES_RESET_ON_SUCCESS = True
AXES_ENABLED = env_bool("AXES_ENABLED", True)
# The client's address even behind the reverse proxy (territoires/core/ip.py).
AXES_CLIENT_IP_CALLABLE = "territoires.core.ip.client_ip"

OTP_TOTP_ISSUER = TERRITOIRES_BRANDING["name"]
# Staff of the Département and administrators must confirm a TOTP code (issue: socle §3).
TERRITOIRES_OTP_REQUIRED = env_bool("TERRITOIRES_OTP_REQUIRED", True)

INVITATION_VALIDITE_JOURS = int(os.environ.get("INVITATION_VALIDITE_JOURS", "14"))

# ProConnect (OIDC). Endpoints come from the issuer's discovery document unless set explicitly.
PROCONNECT_ENABLED = env_bool("PROCONNECT_ENABLED", bool(os.environ.get("PROCONNECT_ISSUER")))
PROCONNECT_ISSUER = os.environ.get(
    "PROCONNECT_ISSUER", "https://fca.integ01.dev-agentconnect.fr/api/v2"
).rstrip("/")
OIDC_RP_CLIENT_ID = os.environ.get("PROCONNECT_CLIENT_ID", "territoires")
OIDC_RP_CLIENT_SECRET = os.environ.get("PROCONNECT_CLIENT_SECRET", "")
OIDC_RP_SIGN_ALGO = os.environ.get("PROCONNECT_SIGN_ALGO", "RS256")
OIDC_RP_SCOPES = "openid email given_name usual_name uid siret siren idp_id"
OIDC_OP_AUTHORIZATION_ENDPOINT = os.environ.get(
    "PROCONNECT_AUTHORIZATION_ENDPOINT", f"{PROCONNECT_ISSUER}/authorize"
)
OIDC_OP_TOKEN_ENDPOINT = os.environ.get("PROCONNECT_TOKEN_ENDPOINT", f"{PROCONNECT_ISSUER}/token")
OIDC_OP_USER_ENDPOINT = os.environ.get(
    "PROCONNECT_USERINFO_ENDPOINT", f"{PROCONNECT_ISSUER}/userinfo"
)
OIDC_OP_JWKS_ENDPOINT = os.environ.get("PROCONNECT_JWKS_ENDPOINT", f"{PROCONNECT_ISSUER}/jwks")
OIDC_OP_LOGOUT_ENDPOINT = os.environ.get(
    "PROCONNECT_LOGOUT_ENDPOINT", f"{PROCONNECT_ISSUER}/session/end"
)
OIDC_AUTH_REQUEST_EXTRA_PARAMS = {"acr_values": "eidas1"}
OIDC_STORE_ID_TOKEN = True
OIDC_USE_NONCE = True
OIDC_STATE_SIZE = 32
OIDC_NONCE_SIZE = 32
OIDC_CREATE_USER = True
OIDC_AUTHENTICATION_CALLBACK_URL = "oidc_authentication_callback"
OIDC_CALLBACK_CLASS = "territoires.comptes.oidc.ProConnectCallbackView"
OIDC_AUTHENTICATE_CLASS = "territoires.comptes.oidc.ProConnectAuthenticateView"
OIDC_OP_LOGOUT_URL_METHOD = "territoires.comptes.oidc.provider_logout"
OIDC_VERIFY_SSL = env_bool("PROCONNECT_VERIFY_SSL", True)

# --- Sessions, cookies, en-têtes de sécurité ------------------------------------------------
SESSION_COOKIE_AGE = 60 * 60 * 12
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
# A French page instead of Django's English one when a form comes back without its token.
CSRF_FAILURE_VIEW = "territoires.ui.views.csrf_failure"
SESSION_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_SECURE = PRODUCTION
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", PRODUCTION)
SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365 if PRODUCTION else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = PRODUCTION
SECURE_HSTS_PRELOAD = PRODUCTION
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
TERRITOIRES_BEHIND_PROXY = env_bool("BEHIND_PROXY", PRODUCTION)
if TERRITOIRES_BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# No 'unsafe-inline': every script and style is a file served by us (htmx is vendored).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'", *([PROCONNECT_ISSUER] if PROCONNECT_ENABLED else [])],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

# --- Fichiers ------------------------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
# Uploaded documents are never served directly: only through views that check permissions.
MEDIA_URL = None
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
if os.environ.get("S3_BUCKET"):
    # Documents in an S3-compatible object store (django-storages, boto3), shared by every
    # application server and the task worker (docs/deploiement.md). Private objects: they are
    # only ever served by the application, after its permission check.
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["S3_BUCKET"],
            "endpoint_url": os.environ.get("S3_ENDPOINT_URL"),
            "access_key": os.environ.get("S3_ACCESS_KEY"),
            "secret_key": os.environ.get("S3_SECRET_KEY"),
            "region_name": os.environ.get("S3_REGION"),
            # Key prefix inside the bucket (one bucket for several instances).
            "location": os.environ.get("S3_PREFIXE", ""),
            # « path » for a store without wildcard DNS (MinIO, Garage, a local test server).
            "addressing_style": os.environ.get("S3_ADRESSAGE") or None,
            "default_acl": "private",
            "querystring_auth": True,
            # A name already taken gets another one rather than replacing someone's file.
            "file_overwrite": False,
        },
    }
if ENV == "development":
    # Without DEBUG, WhiteNoise serves the static files straight from the apps, re-read on
    # each request: no collectstatic while developing.
    WHITENOISE_USE_FINDERS = True
    WHITENOISE_AUTOREFRESH = True
DOCUMENT_MAX_SIZE = int(os.environ.get("DOCUMENT_TAILLE_MAX_MO", "20")) * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# --- Fichiers hostiles ----------------------------------------------------------------------
# What is read from a file is bounded (core/zipguard.py, core/pdfscan.py, the imports): a file
# beyond a limit is refused with a French message that names it. Sizes in Mo.
_MO = 1024 * 1024
# Whole request body (every file of one form); checked before the body is read.
REQUETE_TAILLE_MAX = (
    int(os.environ.get("REQUETE_TAILLE_MAX_MO", str(DOCUMENT_MAX_SIZE // _MO + 1))) * _MO
)
ZIP_PARTIES_MAX = int(os.environ.get("ZIP_PARTIES_MAX", "2000"))
ZIP_PARTIE_MAX = int(os.environ.get("ZIP_PARTIE_MAX_MO", "250")) * _MO
ZIP_TOTAL_MAX = int(os.environ.get("ZIP_TOTAL_MAX_MO", "500")) * _MO
ZIP_TAUX_MAX = int(os.environ.get("ZIP_TAUX_MAX", "100"))
# A Word template of an act is loaded whole by docxtpl: tighter than other archives.
MODELE_ACTE_TAILLE_MAX = int(os.environ.get("MODELE_ACTE_TAILLE_MAX_MO", "20")) * _MO
IMPORT_LIGNES_MAX = int(os.environ.get("IMPORT_LIGNES_MAX", "500000"))
IMPORT_COLONNES_MAX = int(os.environ.get("IMPORT_COLONNES_MAX", "100"))
IMPORT_TAILLE_MAX = int(os.environ.get("IMPORT_TAILLE_MAX_MO", "200")) * _MO
IMPORT_TEXTES_MAX = int(os.environ.get("IMPORT_TEXTES_MAX_MO", "64")) * _MO
# Open-data files (opendata, « Déposer un fichier ») are bigger than attachments: their own
# limit, and the request body limit of their upload URLs follows it (core/request_limit.py).
DONNEES_TAILLE_MAX = int(os.environ.get("DONNEES_TAILLE_MAX_MO", "200")) * _MO
# Rows of one open-data resource: read as a stream (memory stays flat), so far above the
# business imports' IMPORT_LIGNES_MAX; a 1,000,000-row CSV must publish (bench/).
DONNEES_LIGNES_MAX = int(os.environ.get("DONNEES_LIGNES_MAX", "2000000"))
# Above this size a new version is read and loaded by a followed background task.
DONNEES_TACHE_SEUIL = int(os.environ.get("DONNEES_TACHE_SEUIL_MO", "2")) * _MO
# Path prefix → request body limit, for the URLs that accept bigger files than documents.
REQUETE_TAILLE_MAX_PAR_CHEMIN = {"/donnees/mes-jeux/": DONNEES_TAILLE_MAX + _MO}

# --- Courriel -------------------------------------------------------------------------------
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if os.environ.get("EMAIL_HOST")
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "territoires@example.org")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Start of the links in e-mails; by default the port `make run` serves (it exports
# TERRITOIRES_PORT; not PORT, which other tools set for their own servers).
TERRITOIRES_BASE_URL = os.environ.get(
    "TERRITOIRES_BASE_URL", f"http://localhost:{os.environ.get('TERRITOIRES_PORT', '8000')}"
)

# --- Tâches de fond -------------------------------------------------------------------------
TASKS = {
    "default": {
        "BACKEND": os.environ.get(
            "TASKS_BACKEND",
            "django_tasks.backends.immediate.ImmediateBackend"
            if ENV == "test"
            else "django_tasks_db.DatabaseBackend",
        ),
        "QUEUES": ["default"],
    }
}
# A task whose worker gave no sign of life for this long (or whose process is gone, on the same
# machine) was interrupted: it is marked failed and may be relaunched (core/task_tracking.py).
TACHES_DELAI_INTERRUPTION = int(os.environ.get("TACHES_DELAI_INTERRUPTION", "120"))

# --- Internationalisation -------------------------------------------------------------------
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français")]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

# --- Journalisation -------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}

# --- participation ---
# FranceConnect (OIDC) pour prouver son identité au vote du budget participatif ; désactivé
# sans émetteur. Clé HMAC des empreintes du registre des votants (à défaut SECRET_KEY) : fixe
# pendant toute une campagne.
FRANCECONNECT_ISSUER = os.environ.get("FRANCECONNECT_ISSUER", "")
FRANCECONNECT_CLIENT_ID = os.environ.get("FRANCECONNECT_CLIENT_ID", "")
FRANCECONNECT_CLIENT_SECRET = os.environ.get("FRANCECONNECT_CLIENT_SECRET", "")
PARTICIPATION_CLE_VOTE = os.environ.get("PARTICIPATION_CLE_VOTE", "")

# --- comptes : inscription des habitants ---
# Validité du lien de vérification de l'adresse, plafonds d'inscriptions par adresse IP et de
# renvois du lien par compte (par heure). Les plafonds sont comptés dans le cache : partagé entre
# processus seulement si un cache partagé est configuré en production.
INSCRIPTION_VALIDITE_JOURS = int(os.environ.get("INSCRIPTION_VALIDITE_JOURS", "3"))
INSCRIPTION_LIMITE_PAR_HEURE = int(os.environ.get("INSCRIPTION_LIMITE_PAR_HEURE", "10"))
INSCRIPTION_RENVOIS_PAR_HEURE = int(os.environ.get("INSCRIPTION_RENVOIS_PAR_HEURE", "5"))

# --- cache ---
# Ce qui se compte entre requêtes (plafonds d'inscription et de renvois, débit de l'API) vit
# dans le cache : avec plusieurs processus ou serveurs d'application, il doit être partagé
# (docs/deploiement.md). `CACHE_URL` (ou `REDIS_URL`) le choisit :
# - `redis://hôte:6379/0` (ou `rediss://`, `valkey://`) : Redis ou Valkey, par le cache Redis de
#   Django (paquet `redis` : `uv sync --extra redis`) ; compteurs atomiques ;
# - `db://territoires_cache` : une table de la base (créée par `territoires createcachetable`),
#   sans autre service ; `CACHE_PARTAGE=1` en est le raccourci historique ;
# - rien : cache en mémoire, propre à chaque processus (`make run`, un seul processus).
# Les verrouillages de connexion (django-axes) et les sessions sont en base : toujours partagés.
CACHE_TABLE_DEFAUT = "territoires_cache"


def _cache_config() -> dict:
    url = os.environ.get("CACHE_URL") or os.environ.get("REDIS_URL") or ""
    scheme, _, rest = url.partition("://")
    if scheme in {"redis", "rediss", "valkey", "valkeys"}:
        return {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url.replace("valkey", "redis", 1),
        }
    if scheme == "db" or (not url and env_bool("CACHE_PARTAGE", False)):
        return {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": rest.strip("/") or CACHE_TABLE_DEFAUT,
        }
    if not url or scheme == "locmem":
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    raise ImproperlyConfigured(
        f"CACHE_URL inconnu : {url!r} (attendu : redis://…, valkey://…, db://table ou rien)."
    )


CACHES = {"default": _cache_config()}

# --- dates saisies et importées ---
# Fenêtre des dates (territoires/core/dates.py) : rien avant le 1er janvier DATES_ANNEE_MIN,
# rien au-delà du 31 décembre de l'année courante + DATES_HORIZON_ANS ; une date de naissance
# remonte au plus à DATES_NAISSANCE_AGE_MAX ans.
DATES_ANNEE_MIN = int(os.environ.get("DATES_ANNEE_MIN", "2000"))
DATES_HORIZON_ANS = int(os.environ.get("DATES_HORIZON_ANS", "15"))
DATES_NAISSANCE_AGE_MAX = int(os.environ.get("DATES_NAISSANCE_AGE_MAX", "120"))

# --- API publique (/api/) ---
# Limite de débit par adresse IP (« 120/m » : 120 requêtes par minute ; s, m, h, d), comptée
# dans le cache (voir CACHE_PARTAGE) ; tailles de page maximales des listes et des lignes.
API_LIMITE_DEBIT = os.environ.get("API_LIMITE_DEBIT", "120/m")
API_PAGE_TAILLE_MAX = int(os.environ.get("API_PAGE_TAILLE_MAX", "100"))
API_LIGNES_TAILLE_MAX = int(os.environ.get("API_LIGNES_TAILLE_MAX", "1000"))
# Lignes d'une ressource filtrées (API et aperçu) : le total s'arrête à ce nombre (« plus de
# 10 000 lignes »), pour qu'une page coûte le même temps quelle que soit la table (ADR 0009).
OPENDATA_TOTAL_MAX = int(os.environ.get("OPENDATA_TOTAL_MAX", "10000"))

# Pilotage: the territory page compares a commune with the communes of the same population band
# (upper bounds, inhabitants; the last band is open) over the last years.
PILOTAGE_TRANCHES_POPULATION = [500, 2000, 10000]
PILOTAGE_TERRITOIRE_ANNEES = 5
# Elected officials: pages seen within this many minutes are one visit (« nouveautés depuis la
# dernière visite »); the weekly digest is sent at most once every PILOTAGE_RESUME_JOURS days.
PILOTAGE_VISITE_MINUTES = int(os.environ.get("PILOTAGE_VISITE_MINUTES", "30"))
PILOTAGE_RESUME_JOURS = int(os.environ.get("PILOTAGE_RESUME_JOURS", "7"))

# --- ingénierie ---
# Chiffres de l'ingénierie gardés en cache, en secondes (0 : recalculés à chaque page). La clé
# change à chaque sollicitation déposée, enregistrée ou supprimée : la durée ne borne que ce
# qu'une écriture en masse laisserait passer inaperçu.
INGENIERIE_CHIFFRES_CACHE_SECONDES = int(
    os.environ.get("INGENIERIE_CHIFFRES_CACHE_SECONDES", "0" if ENV == "test" else "600")
)

# Chiffres du tableau de bord des aides gardés en cache, en secondes (0 : recalculés à chaque
# page). La clé change à chaque dossier, versement, enveloppe, session ou contrat modifié.
AIDES_TABLEAU_CACHE_SECONDES = int(
    os.environ.get("AIDES_TABLEAU_CACHE_SECONDES", "0" if ENV == "test" else "600")
)

# FranceConnect (vote du budget participatif) : le bouton est un formulaire redirigé vers le
# fournisseur ; sans son origine dans `form-action`, le navigateur bloque la redirection.
if FRANCECONNECT_ISSUER:
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["form-action"].append(
        "{0.scheme}://{0.netloc}".format(urlsplit(FRANCECONNECT_ISSUER))
    )
