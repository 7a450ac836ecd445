export { DEFAULT_PAGE_SIZE, PagingQueryDto } from '../../common/http/paging.dto';
