{{/*
Named helpers shared by every template. Templates that exist once per Litper component range over
"litper.components" and hand each helper a component context, a dict built as
(dict "root" $ "key" $key "name" $name "values" (index $.Values $key)):
  root    the chart's top-level context ($)
  key     the component's key in values.yaml (api, agentOrchestrator, ...)
  name    the component's name in resource names and labels (api, agent-orchestrator, ...)
  values  the component's values
*/}}

{{/*
The components, key in values.yaml -> name used in resource names. The names follow the
specification (litper-api, ...); worker and worker-low are the two deployments of worker-service.
*/}}
{{- define "litper.components" -}}
api: api
agentOrchestrator: agent-orchestrator
chat: chat
tracking: tracking
analytics: analytics
worker: worker
workerLow: worker-low
{{- end -}}

{{/* The Maven module (and image) behind each component. */}}
{{- define "litper.modules" -}}
api: api-service
agentOrchestrator: agent-orchestrator
chat: chat-service
tracking: tracking-service
analytics: analytics-service
worker: worker-service
workerLow: worker-service
{{- end -}}

{{/* Chart name, bounded by the 63 characters of a DNS label. */}}
{{- define "litper.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Release-wide name prefix: the release name, unless it already contains the chart name. */}}
{{- define "litper.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* Namespace of every namespaced object: the release namespace unless overridden. */}}
{{- define "litper.namespace" -}}
{{- default .Release.Namespace .Values.namespaceOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* chart label value */}}
{{- define "litper.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Name of one component's objects, e.g. litper-api; takes a component context. */}}
{{- define "litper.componentName" -}}
{{- printf "%s-%s" (include "litper.fullname" .root) .name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Labels every object of the release carries; takes the root context. */}}
{{- define "litper.labels.standard" -}}
app.kubernetes.io/name: {{ include "litper.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/part-of: litper
helm.sh/chart: {{ include "litper.chart" . }}
{{- with .Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{/* Labels of one component's objects; takes a component context. */}}
{{- define "litper.labels.component" -}}
{{ include "litper.labels.standard" .root }}
app.kubernetes.io/component: {{ .name }}
{{- end -}}

{{/* Immutable selector labels of one component; takes a component context. */}}
{{- define "litper.labels.matchLabels" -}}
app.kubernetes.io/name: {{ include "litper.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .name }}
{{- end -}}

{{/* Selector of every pod of the release; takes the root context. */}}
{{- define "litper.labels.releaseMatchLabels" -}}
app.kubernetes.io/name: {{ include "litper.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{/* Annotations every object carries; takes the root context. */}}
{{- define "litper.annotations.common" -}}
{{- with .Values.commonAnnotations }}
{{- toYaml . }}
{{- end }}
{{- end -}}

{{/* ServiceAccount of one component; takes a component context. */}}
{{- define "litper.serviceAccountName" -}}
{{- if .values.serviceAccount.create -}}
{{- default (include "litper.componentName" .) .values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{/* Full image reference of one component; takes a component context. */}}
{{- define "litper.image" -}}
{{- $image := .root.Values.image -}}
{{- $registry := default $image.registry .root.Values.global.imageRegistry -}}
{{- $tag := default (default .root.Chart.AppVersion $image.tag) .values.image.tag -}}
{{- if .values.image.digest -}}
{{- printf "%s/%s@%s" $registry .values.image.repository .values.image.digest -}}
{{- else if $registry -}}
{{- printf "%s/%s:%s" $registry .values.image.repository $tag -}}
{{- else -}}
{{- printf "%s:%s" .values.image.repository $tag -}}
{{- end -}}
{{- end -}}

{{/* Secret holding the release's credentials; takes the root context. */}}
{{- define "litper.secretName" -}}
{{- if .Values.secrets.existingSecret -}}
{{- .Values.secrets.existingSecret -}}
{{- else -}}
{{- printf "%s-secrets" (include "litper.fullname" .) | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{/*
Effective autoscaling settings of one component: the release-wide defaults (autoscaling.*)
overlaid key by key with the component's own autoscaling.* (a shallow overlay, so that an explicit
false or 0 in a component wins, which sprig's merge functions would ignore). Returns YAML.
*/}}
{{- define "litper.autoscaling" -}}
{{- $merged := dict -}}
{{- range $k, $v := .root.Values.autoscaling }}{{ $_ := set $merged $k $v }}{{ end -}}
{{- range $k, $v := (.values.autoscaling | default dict) }}{{ $_ := set $merged $k $v }}{{ end -}}
{{- toYaml $merged -}}
{{- end -}}

{{/* "true" when KEDA, not an HPA from this chart, scales the component; takes a component context. */}}
{{- define "litper.kedaScaled" -}}
{{- if and .root.Values.keda.enabled (hasKey .root.Values.keda.scaledObjects .key) -}}
{{- $so := index .root.Values.keda.scaledObjects .key -}}
{{- if $so.enabled }}true{{ end -}}
{{- end -}}
{{- end -}}

{{/* "true" when the component owns database tables (worker-service owns none). */}}
{{- define "litper.usesDatabase" -}}
{{- if not (has .key (list "worker" "workerLow")) }}true{{ end -}}
{{- end -}}

{{/* Redis URL; with auth the password comes from the LITPER_REDIS_PASSWORD variable defined before it. */}}
{{- define "litper.redisUrl" -}}
{{- $redis := .Values.redis -}}
{{- if $redis.auth.enabled -}}
{{- printf "redis://:$(LITPER_REDIS_PASSWORD)@%s:%v/%v" $redis.host $redis.port $redis.database -}}
{{- else -}}
{{- printf "redis://%s:%v/%v" $redis.host $redis.port $redis.database -}}
{{- end -}}
{{- end -}}

{{/* Environment of one component's container; takes a component context. */}}
{{- define "litper.env" -}}
{{- $root := .root -}}
{{- $values := .values -}}
{{- $secret := include "litper.secretName" $root }}
{{- /* Spring's relaxed binding maps LITPER_WEB_DRAINDELAY to litper.web.drain-delay (dashes dropped). */ -}}
- name: LITPER_WEB_DRAINDELAY
  value: {{ $root.Values.config.drainDelay | quote }}
{{- /* Access tokens are checked against the keys api-service publishes; a kid it has not seen makes a service fetch them again. */}}
- name: LITPER_SECURITY_JWKSURI
  value: {{ printf "http://%s:%v/.well-known/jwks.json" (include "litper.componentName" (dict "root" $root "name" "api")) $root.Values.service.port | quote }}
- name: MANAGEMENT_TRACING_SAMPLING_PROBABILITY
  value: {{ $root.Values.tracing.samplingProbability | toString | quote }}
{{- with $root.Values.tracing.otlpEndpoint }}
- name: MANAGEMENT_OPENTELEMETRY_TRACING_EXPORT_OTLP_ENDPOINT
  value: {{ . | quote }}
{{- end }}
{{- with $root.Values.config.corsAllowedOrigins }}
- name: LITPER_SECURITY_CORS_ALLOWEDORIGINS
  value: {{ join "," . | quote }}
{{- end }}
{{- if eq .key "agentOrchestrator" }}
{{- /* tracking-service, for the timeline tool (the Claude key comes from agentOrchestrator.secretEnv). */}}
- name: LITPER_AGENTS_TRACKING_BASEURL
  value: {{ printf "http://%s:%v" (include "litper.componentName" (dict "root" $root "name" "tracking")) $root.Values.service.port | quote }}
{{- end }}
{{- if eq .key "api" }}
- name: LITPER_API_AUTH_SIGNINGKEYS
  valueFrom:
    secretKeyRef:
      name: {{ $secret }}
      key: auth-signing-keys
      {{- /* Without keys api-service still serves API keys and answers the token endpoint with 503. */}}
      optional: true
{{- range $root.Values.operators }}
- name: {{ printf "LITPER_SECURITY_OPERATORS_%s_PASSWORDHASH" (upper .) }}
  valueFrom:
    secretKeyRef:
      name: {{ $secret }}
      key: {{ printf "operator-%s-password-hash" . }}
{{- end }}
{{- end }}
{{- if eq .key "analytics" }}
- name: LITPER_REPORTS_SIGNINGSECRET
  valueFrom:
    secretKeyRef:
      name: {{ $secret }}
      key: reports-signing-secret
      {{- /* Without it analytics-service signs report links with a key of its own process (docs/analytics.md). */}}
      optional: true
{{- end }}
- name: SPRING_LIFECYCLE_TIMEOUTPERSHUTDOWNPHASE
  value: {{ $values.shutdownTimeout | quote }}
{{- if include "litper.usesDatabase" . }}
{{- $db := $root.Values.database }}
{{- $pool := $values.database | default dict }}
{{- if $pool.pooled }}
{{- /* Through PgBouncer (transaction mode): the pool's connections and reads; Flyway's session-level lock past it. */}}
- name: LITPER_DB_URL
  value: {{ $db.pooler.url | quote }}
{{- with (default $db.replicaUrl $db.pooler.replicaUrl) }}
- name: LITPER_DB_REPLICA_URLS
  value: {{ . | quote }}
{{- end }}
- name: LITPER_DB_MIGRATION_URL
  value: {{ default $db.url $db.pooler.migrationUrl | quote }}
{{- else }}
- name: LITPER_DB_URL
  value: {{ $db.url | quote }}
{{- with $db.replicaUrl }}
- name: LITPER_DB_REPLICA_URLS
  value: {{ . | quote }}
{{- end }}
{{- end }}
{{- with $pool.poolSize }}
- name: SPRING_DATASOURCE_HIKARI_MAXIMUMPOOLSIZE
  value: {{ . | quote }}
{{- end }}
{{- with $pool.replicaPoolSize }}
- name: LITPER_DB_REPLICAPOOLSIZE
  value: {{ . | quote }}
{{- end }}
- name: SPRING_FLYWAY_CONNECTRETRIES
  value: {{ $db.migrationConnectRetries | quote }}
- name: LITPER_DB_USER
  value: {{ $root.Values.database.username | quote }}
- name: LITPER_DB_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ default $secret $root.Values.database.existingSecret }}
      key: {{ ternary $root.Values.database.existingSecretPasswordKey "database-password" (not (empty $root.Values.database.existingSecret)) }}
{{- end }}
{{- if $root.Values.redis.auth.enabled }}
- name: LITPER_REDIS_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ default $secret $root.Values.redis.auth.existingSecret }}
      key: {{ ternary $root.Values.redis.auth.existingSecretPasswordKey "redis-password" (not (empty $root.Values.redis.auth.existingSecret)) }}
{{- end }}
{{- /* With Sentinel the URL's host is not used, but its password and database are: Boot takes the password from the URL. */}}
- name: LITPER_REDIS_URL
  value: {{ include "litper.redisUrl" $root | quote }}
{{- if $root.Values.redis.sentinel.enabled }}
- name: SPRING_DATA_REDIS_SENTINEL_MASTER
  value: {{ $root.Values.redis.sentinel.masterSet | quote }}
- name: SPRING_DATA_REDIS_SENTINEL_NODES
  value: {{ join "," $root.Values.redis.sentinel.nodes | quote }}
{{- if and $root.Values.redis.auth.enabled $root.Values.redis.sentinel.auth }}
- name: SPRING_DATA_REDIS_SENTINEL_PASSWORD
  value: "$(LITPER_REDIS_PASSWORD)"
{{- end }}
{{- end }}
{{- if $values.leaderElection.enabled }}
- name: LITPER_LEADER_MODE
  value: {{ $root.Values.leaderElection.mode | quote }}
- name: LITPER_LEADER_NAME
  value: {{ printf "%s-leader" (include "litper.componentName" .) | quote }}
- name: LITPER_LEADER_IDENTITY
  valueFrom:
    fieldRef:
      fieldPath: metadata.name
- name: LITPER_LEADER_NAMESPACE
  valueFrom:
    fieldRef:
      fieldPath: metadata.namespace
- name: LITPER_LEADER_LEASEDURATION
  value: {{ $root.Values.leaderElection.leaseDuration | quote }}
- name: LITPER_LEADER_RENEWDEADLINE
  value: {{ $root.Values.leaderElection.renewDeadline | quote }}
- name: LITPER_LEADER_RETRYPERIOD
  value: {{ $root.Values.leaderElection.retryPeriod | quote }}
{{- end }}
{{- with $values.queuePriorities }}
- name: LITPER_WORKER_PRIORITIES
  value: {{ join "," . | quote }}
{{- end }}
{{- range $values.secretEnv }}
- name: {{ .name }}
  valueFrom:
    secretKeyRef:
      name: {{ $secret }}
      key: {{ .key }}
      optional: {{ .optional | default false }}
{{- end }}
{{- if $values.carrierRegistry }}
{{- /* The registry's ConfigMap, above the service's application.yml and below the environment. */}}
- name: SPRING_CONFIG_IMPORT
  value: {{ printf "file:%s/%s" (include "litper.carriersMountPath" $root) (include "litper.carriersFile" $root) | quote }}
{{- end }}
{{- if $values.carrierSecrets }}
{{- /* Spring binds LITPER_CARRIERS_<CODE>_APIKEY to litper.carriers.<code>.api-key: the registry entry's credentials. */}}
{{- range (include "litper.carriers" $root | fromYamlArray) }}
- name: {{ printf "LITPER_CARRIERS_%s_APIKEY" (upper .code) }}
  valueFrom:
    secretKeyRef:
      name: {{ $secret }}
      key: {{ printf "carrier-%s-api-key" .code }}
      optional: true
- name: {{ printf "LITPER_CARRIERS_%s_WEBHOOKSECRET" (upper .code) }}
  valueFrom:
    secretKeyRef:
      name: {{ $secret }}
      key: {{ printf "carrier-%s-webhook-secret" .code }}
      optional: true
{{- end }}
{{- end }}
{{- with $root.Values.extraEnv }}
{{ toYaml . }}
{{- end }}
{{- with $values.extraEnv }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{/*
The carriers list with every entry as a dict ({code: …, …}); a plain string is an entry with only
its code. Fails on a code listed twice. Takes the root context; returns a YAML list.
*/}}
{{- define "litper.carriers" -}}
{{- $entries := list -}}
{{- $seen := dict -}}
{{- range .Values.carriers -}}
{{- $entry := ternary (dict "code" (toString .)) . (kindIs "string" .) -}}
{{- if hasKey $seen $entry.code -}}
{{- fail (printf "carriers: %s is listed twice" $entry.code) -}}
{{- end -}}
{{- $_ := set $seen $entry.code true -}}
{{- $entries = append $entries $entry -}}
{{- end -}}
{{- toYaml $entries -}}
{{- end -}}

{{/* Name of the carrier registry's ConfigMap; takes the root context. */}}
{{- define "litper.carriersConfigMapName" -}}
{{- printf "%s-carriers" (include "litper.fullname" .) | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Where the carrier registry's ConfigMap is mounted, and its file there. */}}
{{- define "litper.carriersMountPath" -}}/etc/litper/carriers{{- end -}}
{{- define "litper.carriersFile" -}}carriers.yaml{{- end -}}

{{/*
The carrier registry as Spring configuration: litper.carriers.<code>.* for every entry (enabled
always, so that each listed carrier exists in the registry; other keys only when set, so that
litper-common's defaults stay), and tracking-service's litper.tracking.carriers.<code>.statuses for
entries with status codes. Takes the root context; returns YAML.
*/}}
{{- define "litper.carriersConfig" -}}
{{- $registry := dict -}}
{{- $statuses := dict -}}
{{- range (include "litper.carriers" . | fromYamlArray) -}}
{{- $carrier := dict "enabled" (ternary .enabled true (hasKey . "enabled")) -}}
{{- with .displayName }}{{ $_ := set $carrier "display-name" . }}{{ end -}}
{{- with .baseUrl }}{{ $_ := set $carrier "base-url" . }}{{ end -}}
{{- if hasKey . "polling" }}{{ $_ := set $carrier "polling" .polling }}{{ end -}}
{{- $_ := set $registry .code $carrier -}}
{{- if .statuses }}{{ $_ := set $statuses .code (dict "statuses" .statuses) }}{{ end -}}
{{- end -}}
{{- $litper := dict "carriers" $registry -}}
{{- if $statuses }}{{ $_ := set $litper "tracking" (dict "carriers" $statuses) }}{{ end -}}
{{- toYaml (dict "litper" $litper) -}}
{{- end -}}

{{/* The TCP port of the OTLP collector tracing.otlpEndpoint names: its own, else the scheme's (80, 443). */}}
{{- define "litper.tracing.collectorPort" -}}
{{- $url := urlParse .Values.tracing.otlpEndpoint -}}
{{- $hostPort := splitList ":" $url.host -}}
{{- if eq (len $hostPort) 2 -}}
{{- last $hostPort -}}
{{- else if eq $url.scheme "https" -}}
443
{{- else -}}
80
{{- end -}}
{{- end -}}
