{{/* SPDX-License-Identifier: Apache-2.0 */}}

{{/* Chart name, overridable. */}}
{{- define "lango.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Release-qualified name; object names append the role, so it is kept short enough for that. */}}
{{- define "lango.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 50 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 50 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 50 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "lango.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Labels of objects that belong to no single role. Called with the root context. */}}
{{- define "lango.commonLabels" -}}
helm.sh/chart: {{ include "lango.chart" . }}
app.kubernetes.io/name: {{ include "lango.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: lango
{{- end }}

{{/* Name of one role's objects. Called with (dict "root" $ "role" $name). */}}
{{- define "lango.roleName" -}}
{{- printf "%s-%s" (include "lango.fullname" .root) .role | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Claim of one role's persistent data dir (persistence.enabled). Called with (dict "root" $ "role" $name). */}}
{{- define "lango.dataClaimName" -}}
{{- printf "%s-data" (include "lango.roleName" .) }}
{{- end }}

{{/* Pod selector of one role. Called with (dict "root" $ "role" $name). */}}
{{- define "lango.selectorLabels" -}}
app.kubernetes.io/name: {{ include "lango.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .role }}
{{- end }}

{{/* Labels of one role's objects. Called with (dict "root" $ "role" $name). */}}
{{- define "lango.roleLabels" -}}
{{ include "lango.commonLabels" .root }}
app.kubernetes.io/component: {{ .role }}
{{- end }}

{{/* Image reference: the digest when set, else the tag, else the chart's appVersion. */}}
{{- define "lango.image" -}}
{{- if .Values.image.digest }}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository (.Values.image.tag | default .Chart.AppVersion) }}
{{- end }}
{{- end }}

{{/* Kubernetes port name of a listener (at most 15 characters): publicTls -> public-tls. */}}
{{- define "lango.portName" -}}
{{- . | kebabcase | trunc 15 | trimSuffix "-" }}
{{- end }}

{{/* True (non-empty) when the role mounts the TLS Secret: it runs the TLS listener and a Secret is named. */}}
{{- define "lango.mountsTls" -}}
{{- if and .root.Values.tls.existingSecret (hasKey .listeners "publicTls") }}true{{ end }}
{{- end }}
