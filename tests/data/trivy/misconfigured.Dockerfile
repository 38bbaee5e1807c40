FROM debian:latest
RUN apt-get update && apt-get install -y curl
ENV AWS_SECRET_ACCESS_KEY=not-a-real-key-but-a-secret-name
ADD . /app
CMD python app.py
