# wan-preflight: two commands set everything up on a fresh Debian/Ubuntu machine with Swift 6.
#   make demo   install what is missing, build, and run the tool on the bundled fixtures
#   make test   install what is missing and run the whole test suite

SWIFT ?= swift
BIN := .build/debug/wan-preflight
MEDIA := fixtures/media

.PHONY: deps build demo test bench fixtures lint clean

deps:
	@scripts/install-deps.sh

build: deps
	$(SWIFT) build

demo: build
	@echo "== Probing the bundled fixtures (images, audio, clips) =="
	$(BIN) probe $(MEDIA)/image/*.* $(MEDIA)/audio/*.* $(MEDIA)/video/*.*
	@echo
	@echo "== Broken files get one clear line each and exit status 1 =="
	-$(BIN) probe $(MEDIA)/broken/*.*
	@echo
	@echo "== The same in JSON (schema wan-preflight.probe/1), first file only =="
	$(BIN) probe --format json $(MEDIA)/image/jpeg_exif_orientation6.jpg

test: deps
	$(SWIFT) test

bench: deps
	bench/probe.sh

# Regenerates fixtures/media with the ffmpeg CLI (tests never need it).
fixtures:
	fixtures/make-fixtures.sh

clean:
	rm -rf .build

# Checks formatting with the toolchain's swift-format (configuration: .swift-format).
lint:
	$(SWIFT) format lint --strict -r Sources Tests Package.swift
