#!/usr/bin/env bash
# Exit 0 when the local PostgreSQL (127.0.0.1:5432) and Redis (127.0.0.1:6379) answer.
(exec 3<>/dev/tcp/127.0.0.1/5432) 2>/dev/null && (exec 3<>/dev/tcp/127.0.0.1/6379) 2>/dev/null
