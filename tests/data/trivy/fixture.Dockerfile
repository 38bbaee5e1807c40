# The image the Trivy tests scan (tests/integration/test_trivy.py and the captures here).
# Layer 1 (base): debootstrapped Debian bookworm, carrying zlib1g and tar that the
# fixture DB (tests/support/trivy_db.py) marks vulnerable.
FROM docker.io/library/debian:bookworm-slim
# Layer 2: a package the application layer "installs" (an entry in dpkg's status
# file), so the base-image attribution has something that is NOT from the base.
RUN printf 'Package: advisor-fixture\nStatus: install ok installed\nPriority: optional\nSection: misc\nMaintainer: Advisor Tests <tests@example.invalid>\nArchitecture: all\nVersion: 1.0-1\nDescription: fixture package added in the application layer\n\n' >> /var/lib/dpkg/status
# Layer 3: a planted AWS key. It is assembled at build time, so the full key is in
# the layer but nowhere in this file: finding it in our output means a leak.
RUN mkdir -p /app && printf 'aws_access_key_id = AKIA%s\naws_secret_access_key = %s\n' Q7TESTKEY7EXAMPL "Xq7TestSecret$(echo Key)ValueForFixture0123456789" > /app/credentials
USER 5000:5000
CMD ["sleep", "100"]
