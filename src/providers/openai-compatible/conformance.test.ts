// The shared provider conformance suite over recorded OpenAI Chat Completions traffic.
import { readFileSync } from 'node:fs';
import { runAdapterConformance } from '../conformance.case.js';
import { openaiCompatibleAdapter } from './adapter.js';

const fx = (name: string): string => readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8');

runAdapterConformance('openai-compatible', {
  adapter: openaiCompatibleAdapter,
  textJson: JSON.parse(fx('openai-text.json')),
  toolJson: JSON.parse(fx('openai-tools.json')),
  textStream: fx('openai-text.chunks.txt'),
  toolStream: fx('openai-tools.chunks.txt'),
  errorStream: fx('openai-error.chunks.txt'),
  errorStatus: 400,
  errorBody: fx('openai-error-400.json'),
  errorMessage: "only allowed when 'tools' are specified",
  toolCallId: 'call_Vq0aXbc123',
});
