FROM debian:bookworm-slim
RUN useradd -u 5000 app
USER app
HEALTHCHECK CMD ["true"]
USER root
CMD ["sleep", "100"]
