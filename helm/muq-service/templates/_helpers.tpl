{{/* Chart name, truncated to the 63 characters Kubernetes allows in names. */}}
{{- define "muq.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Full resource name: release-chart unless the release name already contains the chart name. */}}
{{- define "muq.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "muq.selectorLabels" -}}
app.kubernetes.io/name: {{ include "muq.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "muq.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{ include "muq.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{- define "muq.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "muq.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* Image reference; the CUDA image carries gpu.imageTagSuffix. */}}
{{- define "muq.image" -}}
{{- $tag := default .Chart.AppVersion .Values.image.tag }}
{{- if .Values.gpu.enabled }}{{ $tag = printf "%s%s" $tag .Values.gpu.imageTagSuffix }}{{ end }}
{{- printf "%s:%s" .Values.image.repository $tag }}
{{- end }}

{{- define "muq.librarySecretName" -}}
{{- default (printf "%s-api-key" (include "muq.fullname" .)) .Values.apiKey.existingSecret }}
{{- end }}

{{/* Refuse combinations that cannot work, at render time rather than in the cluster. */}}
{{- define "muq.validate" -}}
{{- if and .Values.library.embedded .Values.autoscaling.enabled (gt (int .Values.autoscaling.maxReplicas) 1) }}
{{- fail "autoscaling.maxReplicas > 1 needs library.embedded=false: the embedded library index is opened by one pod only" }}
{{- end }}
{{- if and .Values.library.embedded (not .Values.autoscaling.enabled) (gt (int .Values.replicaCount) 1) }}
{{- fail "replicaCount > 1 needs library.embedded=false: the embedded library index is opened by one pod only" }}
{{- end }}
{{- if and .Values.autoscaling.enabled (gt (int .Values.autoscaling.minReplicas) (int .Values.autoscaling.maxReplicas)) }}
{{- fail "autoscaling.minReplicas must not exceed autoscaling.maxReplicas" }}
{{- end }}
{{- if and .Values.apiKey.enabled (not .Values.apiKey.existingSecret) (not .Values.apiKey.value) }}
{{- fail "apiKey.enabled needs apiKey.value or apiKey.existingSecret" }}
{{- end }}
{{- end }}
