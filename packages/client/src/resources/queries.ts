/** The read-side resources: contract details, customs status, write-offs, statistics, code tables and the catalog. */
import { codeTableKeys, createCatalog, createSearchIndex } from '@exlic/core';
import type { Catalog, CodeTableEntry, ContractDetails, SearchOptions } from '@exlic/core';
import type { PagedList } from '../paging';
import { createPagedList } from '../paging';
import type { CallOptions, Transport } from '../transport';
import type { ApplicationRecord, CustomsStatus, Page, RemoteCatalog, RemoteCodeTable, Statistics, WriteOff } from '../types';

const seg = encodeURIComponent;

/** `client.contractDetails` (合同信息表). */
export interface ContractDetailsResource {
  get(applicationId: string, options?: CallOptions): Promise<ContractDetails>;
  /** Replaces the contract details; `version` is the application's version you read. */
  save(applicationId: string, details: ContractDetails, options: CallOptions & { version: number }): Promise<ApplicationRecord>;
}

/** `client.customs` (海关状态). */
export interface CustomsResource {
  status(licenceNo: string, options?: CallOptions): Promise<CustomsStatus>;
}

/** `client.writeOffs` (核销数据). */
export interface WriteOffsResource {
  list(query?: { licenceNo?: string | undefined; limit?: number | undefined; cursor?: string | undefined }, options?: CallOptions): PagedList<WriteOff>;
}

/** A code table from the server, searchable with core's index. */
export interface SearchableCodeTable extends RemoteCodeTable {
  /** Entries by code, name, alias, English name or pinyin, best first. */
  search(query: string, options?: SearchOptions): CodeTableEntry[];
}

/** `client.tables`: the server's code tables and catalog. */
export interface TablesResource {
  /** The names of the tables the server serves. */
  list(options?: CallOptions): Promise<string[]>;
  /** One table, searchable. */
  get(name: string, options?: CallOptions): Promise<SearchableCodeTable>;
  /** The commodity catalog of a year, as a core `Catalog` (find, search). */
  catalog(year: number, options?: CallOptions): Promise<Catalog>;
}

/** Query of `client.statistics` (业务统计). */
export interface StatisticsQuery extends CallOptions {
  by: 'year' | 'month' | 'country';
  year?: number;
}

/** @internal */
export function createQueryResources(request: Transport) {
  const contractDetails: ContractDetailsResource = {
    async get(applicationId, options = {}) {
      return (await request<ContractDetails>({ method: 'GET', path: `v1/applications/${seg(applicationId)}/contract-details`, signal: options.signal })).data;
    },
    async save(applicationId, details, options) {
      return (await request<ApplicationRecord>({ method: 'PUT', path: `v1/applications/${seg(applicationId)}/contract-details`, json: details, ifMatch: options.version, signal: options.signal })).data;
    },
  };
  const customs: CustomsResource = {
    async status(licenceNo, options = {}) {
      return (await request<CustomsStatus>({ method: 'GET', path: `v1/licences/${seg(licenceNo)}/customs-status`, signal: options.signal })).data;
    },
  };
  const writeOffs: WriteOffsResource = {
    list(query = {}, options = {}) {
      const { cursor, ...rest } = query;
      return createPagedList({ path: '/v1/write-offs', fetchPage: async (next) => (await request<Page<WriteOff>>({ method: 'GET', path: 'v1/write-offs', query: { ...rest, cursor: next }, signal: options.signal })).data, start: cursor });
    },
  };
  const statistics = async (query: StatisticsQuery): Promise<Statistics> =>
    (await request<Statistics>({ method: 'GET', path: 'v1/statistics', query: { groupBy: query.by, year: query.year }, signal: query.signal })).data;
  const tables: TablesResource = {
    async list(options = {}) {
      return (await request<{ names: string[] }>({ method: 'GET', path: 'v1/code-tables', signal: options.signal })).data.names;
    },
    async get(name, options = {}) {
      const table = (await request<RemoteCodeTable>({ method: 'GET', path: `v1/code-tables/${seg(name)}`, signal: options.signal })).data;
      let index: ReturnType<typeof createSearchIndex<CodeTableEntry>> | undefined;
      return { ...table, search: (query, searchOptions) => (index ??= createSearchIndex(table.entries, codeTableKeys)).search(query, searchOptions) };
    },
    async catalog(year, options = {}) {
      const catalog = (await request<RemoteCatalog>({ method: 'GET', path: `v1/catalog/${year}`, signal: options.signal })).data;
      return createCatalog(catalog.entries, { source: catalog.source });
    },
  };
  return { contractDetails, customs, writeOffs, statistics, tables };
}
