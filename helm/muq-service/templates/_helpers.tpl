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

{{/* "true" when the library is the Lucene index on this release's one volume (a single pod). */}}
{{- define "muq.libraryOnVolume" -}}
{{- if and (eq .Values.library.backend "lucene") .Values.library.embedded }}true{{ end }}
{{- end }}

{{/* "true" when the HPA is rendered: as set, or, left empty, exactly with the Solr backend. */}}
{{- define "muq.autoscaling" -}}
{{- if kindIs "invalid" .Values.autoscaling.enabled }}
{{- if eq .Values.library.backend "solr" }}true{{ end }}
{{- else if .Values.autoscaling.enabled }}true{{ end }}
{{- end }}

{{- define "muq.solrSecretName" -}}
{{- default (printf "%s-solr" (include "muq.fullname" .)) .Values.library.solr.auth.existingSecret }}
{{- end }}

{{/* Refuse combinations that cannot work, at render time rather than in the cluster. */}}
{{- define "muq.validate" -}}
{{- $scaleOut := "needs library.backend=solr (a shared SolrCloud) or library.embedded=false: the embedded library index is opened by one pod only" }}
{{- if and (include "muq.libraryOnVolume" .) (include "muq.autoscaling" .) (gt (int .Values.autoscaling.maxReplicas) 1) }}
{{- fail (printf "autoscaling.maxReplicas > 1 %s" $scaleOut) }}
{{- end }}
{{- if and (include "muq.libraryOnVolume" .) (not (include "muq.autoscaling" .)) (gt (int .Values.replicaCount) 1) }}
{{- fail (printf "replicaCount > 1 %s" $scaleOut) }}
{{- end }}
{{- if and (include "muq.autoscaling" .) (gt (int .Values.autoscaling.minReplicas) (int .Values.autoscaling.maxReplicas)) }}
{{- fail "autoscaling.minReplicas must not exceed autoscaling.maxReplicas" }}
{{- end }}
{{- if and (eq .Values.library.backend "solr") (not .Values.library.solr.zkHosts) (not .Values.library.solr.baseUrls) }}
{{- fail "library.backend=solr needs library.solr.zkHosts or library.solr.baseUrls (the SolrCloud to use)" }}
{{- end }}
{{- if and (eq .Values.library.backend "solr") .Values.library.solr.auth.enabled (not .Values.library.solr.auth.existingSecret) (or (not .Values.library.solr.auth.username) (not .Values.library.solr.auth.password)) }}
{{- fail "library.solr.auth.enabled needs library.solr.auth.username and password, or existingSecret" }}
{{- end }}
{{- if and (eq .Values.library.backend "solr") (gt (int .Values.library.solr.minReplicationFactor) (int .Values.library.solr.replicationFactor)) }}
{{- fail "library.solr.minReplicationFactor must not exceed library.solr.replicationFactor" }}
{{- end }}
{{- if and .Values.apiKey.enabled (not .Values.apiKey.existingSecret) (not .Values.apiKey.value) }}
{{- fail "apiKey.enabled needs apiKey.value or apiKey.existingSecret" }}
{{- end }}
{{- end }}
