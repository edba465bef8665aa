#pragma once
// Automatic object discovery on DINOv2's outputs: the torch-free parts.
// The LibTorch entry points (tensors in) are in discovery/tensorentry.h.
//
// discoverRegions() runs a method from scratch. The pipeline, which re-runs
// discovery on every slider move, should instead cache the per-image parts
// and call the cheap ones:
//   attention: normalizedAttentionMap() once per image  -> regionsFromAttention() per change
//   spectral:  computeSpectral(keys, ..., maxCuts) once per image (again only when
//              !basis.covers(params.numObjects))         -> regionsFromSpectral() per change
// Both cheap functions give exactly what discoverRegions() gives.
//
// Coordinate spaces: boxes, points and minArea in original image pixels;
// patch masks and maps on the DINOv2 patch grid (gridH rows x gridW columns),
// which is assumed to cover the whole image (resized, not cropped).
// Thread-safety: pure functions, callable from any thread.
#include "discovery/attentiondiscovery.h"
#include "discovery/gridregions.h"
#include "discovery/spectraldiscovery.h"
#include "types/segmentation.h"

