import { createMiniSearchEngine, loadMiniSearchEngine } from '../../src/search/minisearch-engine.js';
import { searchEngineContract } from './search-engine-contract.js';

searchEngineContract('MiniSearch', { create: (articles) => createMiniSearchEngine(articles), load: loadMiniSearchEngine });
