# webhook-bridge from its fat jar. Build the jar first: mvn -B -ntp package -DskipTests
# Validated only as part of docker-compose.yml (`docker-compose config`); no image was built on the build machine.
FROM eclipse-temurin:17.0.15_6-jre-jammy

# curl for the compose healthcheck; a system user that owns only the data and file-target directories.
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system bridge \
 && useradd --system --gid bridge --home-dir /app --shell /usr/sbin/nologin bridge \
 && mkdir -p /app /var/lib/webhook-bridge /var/spool/vonage \
 && chown bridge:bridge /var/lib/webhook-bridge /var/spool/vonage

WORKDIR /app
# The README's layout, so that config/jvm.options applies as it is. The build's class-data archive is not copied:
# it only fits the JDK that recorded it (the archive setting in jvm.options ignores a missing file).
COPY target/webhook-bridge.jar /app/target/webhook-bridge.jar
COPY config/ /app/config/
COPY routes/ /app/routes/

# The embedded broker's journal (events accepted but not yet delivered) lives on a volume; no TCP acceptor (the
# default; opening it needs BRIDGE_BROKER_USER and BRIDGE_BROKER_PASSWORD). The management port listens on all of
# the container's interfaces, since its loopback is unreachable through a published port: publish it on the host's
# loopback (as docker-compose.yml does). Anonymous callers get up/down only; details need BRIDGE_MANAGEMENT_TOKEN.
ENV BRIDGE_DATA_DIR=/var/lib/webhook-bridge \
    BRIDGE_BROKER_PORT=0 \
    BRIDGE_MANAGEMENT_HOST=0.0.0.0 \
    BRIDGE_ROUTES_RELOAD=false
VOLUME ["/var/lib/webhook-bridge", "/var/spool/vonage"]
EXPOSE 8080 9876

USER bridge
ENTRYPOINT ["java", "@config/jvm.options", "-jar", "target/webhook-bridge.jar"]
