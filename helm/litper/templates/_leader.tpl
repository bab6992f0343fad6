{{/* Components that elect a leader through a Lease, as a YAML list of component contexts' keys; takes the root context. */}}
{{- define "litper.leaseElectors" -}}
{{- $keys := list -}}
{{- if eq .Values.leaderElection.mode "kubernetes" -}}
{{- range $key, $name := (include "litper.components" . | fromYaml) -}}
{{- $values := index $.Values $key -}}
{{- if and $values.enabled $values.leaderElection.enabled -}}
{{- $keys = append $keys $key -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- toYaml $keys -}}
{{- end -}}
