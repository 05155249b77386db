# The portal's image: the locked dependencies, the code, the collected static files; runs as an unprivileged user.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    DJANGO_SETTINGS_MODULE=yunnan_emergency.settings.production \
    VAR_DIR=/var/lib/portal

WORKDIR /app
COPY requirements.lock .
RUN pip install --no-cache-dir -r requirements.lock
COPY . .
RUN SECRET_KEY=collectstatic-only ALLOWED_HOSTS=localhost python manage.py collectstatic --noinput \
    && useradd --system --home /var/lib/portal portal \
    && mkdir -p /var/lib/portal \
    && chown -R portal /var/lib/portal
USER portal
EXPOSE 8000
CMD ["gunicorn", "yunnan_emergency.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "2", "--access-logfile", "-"]
