#!/bin/sh
# Stand-in for the original quest's per-request helper binaries: writes the answer to stdout.
case "$1" in
  index)
    printf '<!DOCTYPE html><html><head><title>quest</title></head><body><h1>Welcome to the quest</h1>'
    printf '<p>The secret word is <strong>TwelveFactor</strong>.</p></body></html>' ;;
  loadbalanced)
    if [ -n "$2" ]; then
      printf '{"check":"loadbalanced","passed":true,"detail":"X-Forwarded-For: %s"}' "$2"
    else
      printf '{"check":"loadbalanced","passed":false,"detail":"No X-Forwarded-For header"}'
    fi ;;
  *) exit 2 ;;
esac
