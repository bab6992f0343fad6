#!/usr/bin/env bash
# Regenerates deployment.yaml from the helm/litper chart's defaults (no helm binary needed: the
# helm module's test renders the chart through the embedded Helm library and writes the file).
set -euo pipefail
cd "$(dirname "$0")/../.."
./mvnw -q install -DskipTests -pl helm -am
./mvnw -q test -pl helm -Dtest=PlainManifestsTest -Dlitper.helm.regenerate=true
echo "infrastructure/kubernetes/deployment.yaml regenerated"
