import { ErrorCode } from '@clan/contracts';
import { DomainError } from '../errors/domain-error';
import { IdParamPipe } from './id-param.pipe';

describe('IdParamPipe', () => {
  const pipe = new IdParamPipe('networkId', 'network');

  it('passes a uuid through, lower-cased', () => {
    expect(pipe.transform('0B5E2B8E-1C9A-4B7E-9D3F-2A6B8C0D1E2F')).toBe('0b5e2b8e-1c9a-4b7e-9d3f-2a6b8c0d1e2f');
  });

  it.each(['', 'abc', '1', '0b5e2b8e-1c9a-4b7e-9d3f-2a6b8c0d1e2', "1' OR '1'='1", 'x'.repeat(500)])(
    'answers %j with NOT_FOUND naming the parameter',
    (value) => {
      let error: unknown;
      try {
        pipe.transform(value);
      } catch (err) {
        error = err;
      }
      expect(error).toBeInstanceOf(DomainError);
      const e = error as DomainError;
      expect(e.code).toBe(ErrorCode.NotFound);
      expect(e.fields).toEqual([{ field: 'networkId', message: 'networkId must be a UUID' }]);
      expect(e.message.length).toBeLessThan(120);
    },
  );
});
