"""An OpenAPI document in the shape of OpenAI's: the two ChatKit session operations, the session resource and
the create request body with every type they reference (transcribed, descriptions trimmed).

It keeps the upstream traps on purpose: an unquoted ``version: 2024-10-01`` example, the
``oneOf`` over ``integer`` and ``number``, ``object`` as a one-value enum, descriptions and
``x-`` keys everywhere.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

UPSTREAM_YAML = """\
openapi: 3.1.0
info:
  title: OpenAI API
  version: 2.3.0
servers:
  - url: https://api.openai.com/v1
security:
  - ApiKeyAuth: []
paths:
  /chatkit/sessions/{session_id}/cancel:
    post:
      operationId: CancelChatSessionMethod
      parameters:
        - name: session_id
          in: path
          required: true
          schema:
            example: cksess_123
            type: string
      responses:
        "200":
          description: Success
          content:
            application/json:
              schema:
                $ref: "#/components/schemas/ChatSessionResource"
  /chatkit/sessions:
    post:
      operationId: CreateChatSessionMethod
      parameters: []
      requestBody:
        content:
          application/json:
            schema:
              $ref: "#/components/schemas/CreateChatSessionBody"
      responses:
        "200":
          description: Success
          content:
            application/json:
              schema:
                $ref: "#/components/schemas/ChatSessionResource"
components:
  securitySchemes:
    ApiKeyAuth:
      type: http
      scheme: bearer
  schemas:
    ChatkitWorkflowTracing:
      properties:
        enabled:
          type: boolean
          description: Indicates whether tracing is enabled.
      type: object
      required:
        - enabled
      title: Tracing Configuration
    ChatkitWorkflow:
      properties:
        id:
          type: string
        version:
          anyOf:
            - type: string
              description: Specific workflow version used for the session.
            - type: "null"
        state_variables:
          anyOf:
            - additionalProperties:
                oneOf:
                  - type: string
                  - type: integer
                  - type: boolean
                  - type: number
              type: object
              x-oaiTypeLabel: map
            - type: "null"
        tracing:
          $ref: "#/components/schemas/ChatkitWorkflowTracing"
          description: Tracing settings applied to the workflow.
      type: object
      required:
        - id
        - version
        - state_variables
        - tracing
    ChatSessionRateLimits:
      properties:
        max_requests_per_1_minute:
          type: integer
      type: object
      required:
        - max_requests_per_1_minute
    ChatSessionStatus:
      type: string
      enum:
        - active
        - expired
        - cancelled
    ChatSessionAutomaticThreadTitling:
      properties:
        enabled:
          type: boolean
      type: object
      required:
        - enabled
    ChatSessionFileUpload:
      properties:
        enabled:
          type: boolean
        max_file_size:
          anyOf:
            - type: integer
              description: Maximum upload size in megabytes.
            - type: "null"
        max_files:
          anyOf:
            - type: integer
            - type: "null"
      type: object
      required:
        - enabled
        - max_file_size
        - max_files
    ChatSessionHistory:
      properties:
        enabled:
          type: boolean
        recent_threads:
          anyOf:
            - type: integer
            - type: "null"
      type: object
      required:
        - enabled
        - recent_threads
    ChatSessionChatkitConfiguration:
      properties:
        automatic_thread_titling:
          $ref: "#/components/schemas/ChatSessionAutomaticThreadTitling"
        file_upload:
          $ref: "#/components/schemas/ChatSessionFileUpload"
        history:
          $ref: "#/components/schemas/ChatSessionHistory"
      type: object
      required:
        - automatic_thread_titling
        - file_upload
        - history
    ChatSessionResource:
      properties:
        id:
          type: string
        object:
          type: string
          enum:
            - chatkit.session
          default: chatkit.session
          x-stainless-const: true
        expires_at:
          type: integer
          format: unixtime
        client_secret:
          type: string
        workflow:
          $ref: "#/components/schemas/ChatkitWorkflow"
        user:
          type: string
        rate_limits:
          $ref: "#/components/schemas/ChatSessionRateLimits"
        max_requests_per_1_minute:
          type: integer
        status:
          $ref: "#/components/schemas/ChatSessionStatus"
        chatkit_configuration:
          $ref: "#/components/schemas/ChatSessionChatkitConfiguration"
      type: object
      required:
        - id
        - object
        - expires_at
        - client_secret
        - workflow
        - user
        - rate_limits
        - max_requests_per_1_minute
        - status
        - chatkit_configuration
      example:
        id: cksess_123
        workflow:
          id: workflow_alpha
          version: 2024-10-01
    WorkflowTracingParam:
      properties:
        enabled:
          type: boolean
      type: object
      required: []
    WorkflowParam:
      properties:
        id:
          type: string
        version:
          type: string
        state_variables:
          additionalProperties:
            oneOf:
              - type: string
                maxLength: 10485760
              - type: integer
              - type: boolean
              - type: number
          type: object
          maxProperties: 64
          x-oaiTypeLabel: map
        tracing:
          $ref: "#/components/schemas/WorkflowTracingParam"
      type: object
      required:
        - id
    ExpiresAfterParam:
      properties:
        anchor:
          type: string
          enum:
            - created_at
          default: created_at
          x-stainless-const: true
        seconds:
          type: integer
          maximum: 600
          minimum: 1
          format: int64
      type: object
      required:
        - anchor
        - seconds
    RateLimitsParam:
      properties:
        max_requests_per_1_minute:
          type: integer
          minimum: 1
      type: object
      required: []
    AutomaticThreadTitlingParam:
      properties:
        enabled:
          type: boolean
      type: object
      required: []
    FileUploadParam:
      properties:
        enabled:
          type: boolean
        max_file_size:
          type: integer
          maximum: 512
          minimum: 1
        max_files:
          type: integer
          minimum: 1
      type: object
      required: []
    HistoryParam:
      properties:
        enabled:
          type: boolean
        recent_threads:
          type: integer
          minimum: 1
      type: object
      required: []
    ChatkitConfigurationParam:
      properties:
        automatic_thread_titling:
          $ref: "#/components/schemas/AutomaticThreadTitlingParam"
        file_upload:
          $ref: "#/components/schemas/FileUploadParam"
        history:
          $ref: "#/components/schemas/HistoryParam"
      type: object
      required: []
    CreateChatSessionBody:
      properties:
        workflow:
          $ref: "#/components/schemas/WorkflowParam"
        user:
          type: string
          minLength: 1
        expires_after:
          $ref: "#/components/schemas/ExpiresAfterParam"
        rate_limits:
          $ref: "#/components/schemas/RateLimitsParam"
        chatkit_configuration:
          $ref: "#/components/schemas/ChatkitConfigurationParam"
      type: object
      required:
        - workflow
        - user
"""


def upstream_document() -> dict[str, Any]:
    """The fixture parsed as JSON would see it (strings stay strings)."""
    document: dict[str, Any] = yaml.load(UPSTREAM_YAML, Loader=yaml.BaseLoader)
    # BaseLoader reads every scalar as a string; restore the one boolean the fixture holds.
    resource = document["components"]["schemas"]["ChatSessionResource"]
    resource["properties"]["object"]["x-stainless-const"] = True
    return document


def schemas(document: dict[str, Any]) -> dict[str, Any]:
    """The fixture's component schemas, for editing in place."""
    return document["components"]["schemas"]  # type: ignore[no-any-return]


def write_yaml(path: Path, document: dict[str, Any]) -> Path:
    """Write *document* as YAML, the way upstream publishes it."""
    path.write_text(yaml.safe_dump(document, sort_keys=False), encoding="utf-8")
    return path
