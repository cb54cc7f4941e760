"""An OpenAPI document in the shape of OpenAI's: the six ChatKit operations (create and cancel a session; list,
read and delete threads, list a thread's items), their response resources and the create request body with every
type they reference (transcribed, descriptions mostly trimmed).

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
  /chatkit/threads/{thread_id}/items:
    get:
      operationId: ListThreadItemsMethod
      parameters:
      - name: thread_id
        in: path
        required: true
        schema:
          type: string
      - name: limit
        in: query
        required: false
        schema:
          type: integer
          minimum: 0
          maximum: 100
      - name: order
        in: query
        required: false
        schema:
          $ref: '#/components/schemas/OrderEnum'
      - name: after
        in: query
        required: false
        schema:
          type: string
      - name: before
        in: query
        required: false
        schema:
          type: string
      responses:
        '200':
          description: Success
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/ThreadItemListResource'
  /chatkit/threads/{thread_id}:
    get:
      operationId: GetThreadMethod
      parameters:
      - name: thread_id
        in: path
        required: true
        schema:
          type: string
      responses:
        '200':
          description: Success
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/ThreadResource'
    delete:
      operationId: DeleteThreadMethod
      parameters:
      - name: thread_id
        in: path
        required: true
        schema:
          type: string
      responses:
        '200':
          description: Success
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/DeletedThreadResource'
  /chatkit/threads:
    get:
      operationId: ListThreadsMethod
      parameters:
      - name: limit
        in: query
        required: false
        schema:
          type: integer
          minimum: 0
          maximum: 100
      - name: order
        in: query
        required: false
        schema:
          $ref: '#/components/schemas/OrderEnum'
      - name: after
        in: query
        required: false
        schema:
          type: string
      - name: before
        in: query
        required: false
        schema:
          type: string
      - name: user
        in: query
        required: false
        schema:
          type: string
          minLength: 1
          maxLength: 512
      responses:
        '200':
          description: Success
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/ThreadListResource'
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
    ThreadResource:
      properties:
        id:
          type: string
        object:
          type: string
          enum:
          - chatkit.thread
          default: chatkit.thread
          x-stainless-const: true
        created_at:
          type: integer
          format: unixtime
          description: Unix timestamp (in seconds) for when the thread was created.
        title:
          anyOf:
          - type: string
          - type: 'null'
        status:
          oneOf:
          - $ref: '#/components/schemas/ActiveStatus'
          - $ref: '#/components/schemas/LockedStatus'
          - $ref: '#/components/schemas/ClosedStatus'
          discriminator:
            propertyName: type
        user:
          type: string
      type: object
      required:
      - id
      - object
      - created_at
      - title
      - status
      - user
    ActiveStatus:
      properties:
        type:
          type: string
          enum:
          - active
          default: active
          x-stainless-const: true
      type: object
      required:
      - type
    LockedStatus:
      properties:
        type:
          type: string
          enum:
          - locked
          default: locked
          x-stainless-const: true
        reason:
          anyOf:
          - type: string
          - type: 'null'
      type: object
      required:
      - type
      - reason
    ClosedStatus:
      properties:
        type:
          type: string
          enum:
          - closed
          default: closed
          x-stainless-const: true
        reason:
          anyOf:
          - type: string
          - type: 'null'
      type: object
      required:
      - type
      - reason
    ThreadListResource:
      properties:
        object:
          type: string
          enum:
          - list
          default: list
          x-stainless-const: true
        data:
          items:
            $ref: '#/components/schemas/ThreadResource'
          type: array
        first_id:
          anyOf:
          - type: string
          - type: 'null'
        last_id:
          anyOf:
          - type: string
          - type: 'null'
        has_more:
          type: boolean
      type: object
      required:
      - object
      - data
      - first_id
      - last_id
      - has_more
    DeletedThreadResource:
      properties:
        id:
          type: string
        object:
          type: string
          enum:
          - chatkit.thread.deleted
          default: chatkit.thread.deleted
          x-stainless-const: true
        deleted:
          type: boolean
      type: object
      required:
      - id
      - object
      - deleted
    ThreadItemListResource:
      properties:
        object:
          type: string
          enum:
          - list
          default: list
          x-stainless-const: true
        data:
          items:
            $ref: '#/components/schemas/ThreadItem'
          type: array
        first_id:
          anyOf:
          - type: string
          - type: 'null'
        last_id:
          anyOf:
          - type: string
          - type: 'null'
        has_more:
          type: boolean
      type: object
      required:
      - object
      - data
      - first_id
      - last_id
      - has_more
    ThreadItem:
      oneOf:
      - $ref: '#/components/schemas/UserMessageItem'
      - $ref: '#/components/schemas/AssistantMessageItem'
      - $ref: '#/components/schemas/WidgetMessageItem'
      - $ref: '#/components/schemas/ClientToolCallItem'
      - $ref: '#/components/schemas/TaskItem'
      - $ref: '#/components/schemas/TaskGroupItem'
      discriminator:
        propertyName: type
      description: A thread item, discriminated by type.
    UserMessageItem:
      properties:
        id:
          type: string
        object:
          type: string
          enum:
          - chatkit.thread_item
          default: chatkit.thread_item
          x-stainless-const: true
        created_at:
          type: integer
          format: unixtime
        thread_id:
          type: string
        type:
          type: string
          enum:
          - chatkit.user_message
          default: chatkit.user_message
          x-stainless-const: true
        content:
          items:
            oneOf:
            - $ref: '#/components/schemas/UserMessageInputText'
            - $ref: '#/components/schemas/UserMessageQuotedText'
            discriminator:
              propertyName: type
          type: array
        attachments:
          items:
            $ref: '#/components/schemas/Attachment'
          type: array
        inference_options:
          anyOf:
          - $ref: '#/components/schemas/InferenceOptions'
          - type: 'null'
      type: object
      required:
      - id
      - object
      - created_at
      - thread_id
      - type
      - content
      - attachments
      - inference_options
    AssistantMessageItem:
      properties:
        id:
          type: string
        object:
          type: string
          enum:
          - chatkit.thread_item
          default: chatkit.thread_item
          x-stainless-const: true
        created_at:
          type: integer
          format: unixtime
        thread_id:
          type: string
        type:
          type: string
          enum:
          - chatkit.assistant_message
          default: chatkit.assistant_message
          x-stainless-const: true
        content:
          items:
            $ref: '#/components/schemas/ResponseOutputText'
          type: array
      type: object
      required:
      - id
      - object
      - created_at
      - thread_id
      - type
      - content
    WidgetMessageItem:
      properties:
        id:
          type: string
        object:
          type: string
          enum:
          - chatkit.thread_item
          default: chatkit.thread_item
          x-stainless-const: true
        created_at:
          type: integer
          format: unixtime
        thread_id:
          type: string
        type:
          type: string
          enum:
          - chatkit.widget
          default: chatkit.widget
          x-stainless-const: true
        widget:
          type: string
      type: object
      required:
      - id
      - object
      - created_at
      - thread_id
      - type
      - widget
    ClientToolCallItem:
      properties:
        id:
          type: string
        object:
          type: string
          enum:
          - chatkit.thread_item
          default: chatkit.thread_item
          x-stainless-const: true
        created_at:
          type: integer
          format: unixtime
        thread_id:
          type: string
        type:
          type: string
          enum:
          - chatkit.client_tool_call
          default: chatkit.client_tool_call
          x-stainless-const: true
        status:
          $ref: '#/components/schemas/ClientToolCallStatus'
        call_id:
          type: string
        name:
          type: string
        arguments:
          type: string
        output:
          anyOf:
          - type: string
          - type: 'null'
      type: object
      required:
      - id
      - object
      - created_at
      - thread_id
      - type
      - status
      - call_id
      - name
      - arguments
      - output
    TaskItem:
      properties:
        id:
          type: string
        object:
          type: string
          enum:
          - chatkit.thread_item
          default: chatkit.thread_item
          x-stainless-const: true
        created_at:
          type: integer
          format: unixtime
        thread_id:
          type: string
        type:
          type: string
          enum:
          - chatkit.task
          default: chatkit.task
          x-stainless-const: true
        task_type:
          $ref: '#/components/schemas/TaskType'
        heading:
          anyOf:
          - type: string
          - type: 'null'
        summary:
          anyOf:
          - type: string
          - type: 'null'
      type: object
      required:
      - id
      - object
      - created_at
      - thread_id
      - type
      - task_type
      - heading
      - summary
    TaskGroupItem:
      properties:
        id:
          type: string
        object:
          type: string
          enum:
          - chatkit.thread_item
          default: chatkit.thread_item
          x-stainless-const: true
        created_at:
          type: integer
          format: unixtime
        thread_id:
          type: string
        type:
          type: string
          enum:
          - chatkit.task_group
          default: chatkit.task_group
          x-stainless-const: true
        tasks:
          items:
            $ref: '#/components/schemas/TaskGroupTask'
          type: array
      type: object
      required:
      - id
      - object
      - created_at
      - thread_id
      - type
      - tasks
    UserMessageInputText:
      properties:
        type:
          type: string
          enum:
          - input_text
          default: input_text
          x-stainless-const: true
        text:
          type: string
      type: object
      required:
      - type
      - text
    UserMessageQuotedText:
      properties:
        type:
          type: string
          enum:
          - quoted_text
          default: quoted_text
          x-stainless-const: true
        text:
          type: string
      type: object
      required:
      - type
      - text
    Attachment:
      properties:
        type:
          $ref: '#/components/schemas/AttachmentType'
        id:
          type: string
        name:
          type: string
        mime_type:
          type: string
        preview_url:
          anyOf:
          - type: string
            format: uri
          - type: 'null'
      type: object
      required:
      - type
      - id
      - name
      - mime_type
      - preview_url
    AttachmentType:
      type: string
      enum:
      - image
      - file
    InferenceOptions:
      properties:
        tool_choice:
          anyOf:
          - $ref: '#/components/schemas/ToolChoice'
          - type: 'null'
        model:
          anyOf:
          - type: string
          - type: 'null'
      type: object
      required:
      - tool_choice
      - model
    ToolChoice:
      properties:
        id:
          type: string
      type: object
      required:
      - id
    ResponseOutputText:
      properties:
        type:
          type: string
          enum:
          - output_text
          default: output_text
          x-stainless-const: true
        text:
          type: string
        annotations:
          items:
            oneOf:
            - $ref: '#/components/schemas/FileAnnotation'
            - $ref: '#/components/schemas/UrlAnnotation'
            discriminator:
              propertyName: type
          type: array
      type: object
      required:
      - type
      - text
      - annotations
    FileAnnotation:
      properties:
        type:
          type: string
          enum:
          - file
          default: file
          x-stainless-const: true
        source:
          $ref: '#/components/schemas/FileAnnotationSource'
      type: object
      required:
      - type
      - source
    FileAnnotationSource:
      properties:
        type:
          type: string
          enum:
          - file
          default: file
          x-stainless-const: true
        filename:
          type: string
      type: object
      required:
      - type
      - filename
    UrlAnnotation:
      properties:
        type:
          type: string
          enum:
          - url
          default: url
          x-stainless-const: true
        source:
          $ref: '#/components/schemas/UrlAnnotationSource'
      type: object
      required:
      - type
      - source
    UrlAnnotationSource:
      properties:
        type:
          type: string
          enum:
          - url
          default: url
          x-stainless-const: true
        url:
          type: string
          format: uri
      type: object
      required:
      - type
      - url
    ClientToolCallStatus:
      type: string
      enum:
      - in_progress
      - completed
    TaskType:
      type: string
      enum:
      - custom
      - thought
    TaskGroupTask:
      properties:
        type:
          $ref: '#/components/schemas/TaskType'
        heading:
          anyOf:
          - type: string
          - type: 'null'
        summary:
          anyOf:
          - type: string
          - type: 'null'
      type: object
      required:
      - type
      - heading
      - summary
    OrderEnum:
      type: string
      enum:
      - asc
      - desc
"""


def upstream_document() -> dict[str, Any]:
    """The fixture parsed as JSON would see it: the unquoted date stays a string, numbers and booleans are typed."""
    from contract.parsing.yamlsafe import no_timestamp_loader

    document: dict[str, Any] = yaml.load(UPSTREAM_YAML, Loader=no_timestamp_loader())
    return document


def schemas(document: dict[str, Any]) -> dict[str, Any]:
    """The fixture's component schemas, for editing in place."""
    return document["components"]["schemas"]  # type: ignore[no-any-return]


def write_yaml(path: Path, document: dict[str, Any]) -> Path:
    """Write *document* as YAML, the way upstream publishes it."""
    path.write_text(yaml.safe_dump(document, sort_keys=False), encoding="utf-8")
    return path
