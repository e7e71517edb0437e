#!/usr/bin/env python3
"""Writes N Deployment documents (the shape InjectIT uses: one third with a second container)."""
import sys

n = int(sys.argv[1])
out = sys.stdout
for i in range(n):
    out.write(f"""apiVersion: apps/v1
kind: Deployment
metadata:
  name: app-{i}
  namespace: team-{i % 7}
spec:
  replicas: 2
  selector:
    matchLabels:
      app: app-{i}
  template:
    metadata:
      labels:
        app: app-{i}
        version: v1
    spec:
      containers:
      - name: app
        image: registry.example.com/app:{i}
        ports:
        - name: http
          containerPort: 8080
        env:
        - name: LISTEN
          value: "8080"
        readinessProbe:
          httpGet:
            path: /ready
            port: http
""")
    if i % 3 == 0:
        out.write("""      - name: exporter
        image: registry.example.com/exporter:1
        args: ["--port", "9100"]
        resources:
          requests:
            cpu: 10m
            memory: 32Mi
""")
    out.write("---\n")
